using System.Net;
using System.Net.Sockets;
using MailKit.Net.Smtp;
using MailKit.Security;
using Microsoft.Extensions.Options;
using MimeKit;
using Odr.Web.Features.Notices;
using Odr.Web.Infrastructure.Email;

namespace Odr.Web.Tests;

/// <summary>The mail sender against a real SMTP server on loopback (aiosmtpd) and against its pickup folder.</summary>
public sealed class MailSenderTests : IDisposable
{
    private readonly string _pickup = Directory.CreateTempSubdirectory("odr-pickup-").FullName;

    public void Dispose() => Directory.Delete(_pickup, recursive: true);

    private SmtpMailSender SenderFor(SmtpOptions smtp) =>
        new(Options.Create(new MailOptions { From = "ODR 服务 <notices@odr.example>", Smtp = smtp }), new MailDirectory(_pickup));

    private static SmtpOptions To(SmtpServer server) => new() { Host = "127.0.0.1", Port = server.Port };

    private static OutgoingMail ChineseRulingTo(string address) => new(address, "[ODR-2026-000042] 仲裁裁决 / The arbitral award", "您好，裁决见附件。\nThe award is attached.")
    {
        ToName = "王小明 (Wang Xiaoming)",
        HtmlBody = "<p>您好，裁决见附件。</p>",
        MessageId = "<ODR-2026-000042.0123456789abcdef@odr.example>",
        InReplyTo = "<ODR-2026-000042@odr.example>",
        Attachments = [new MailAttachment("ODR-2026-000042-裁决.pdf", "application/pdf", Pdfish())],
    };

    /// <summary>Bytes of every value, and lines far longer than SMTP allows, so that only a real transfer encoding carries them whole.</summary>
    private static byte[] Pdfish() => [.. "%PDF-1.7\n"u8, .. Enumerable.Range(0, 70_000).Select(i => (byte)(i * 7 % 256))];

    private static void AssertIntact(MimeMessage received, OutgoingMail sent)
    {
        Assert.Equal(sent.Subject, received.Subject);
        var to = Assert.Single(received.To.Mailboxes);
        Assert.Equal((sent.ToName, sent.To), (to.Name, to.Address));
        Assert.Equal("ODR 服务", Assert.Single(received.From.Mailboxes).Name);
        Assert.Equal(sent.TextBody, received.TextBody!.ReplaceLineEndings("\n").TrimEnd('\n'));
        Assert.Equal(sent.HtmlBody, received.HtmlBody!.ReplaceLineEndings("\n").TrimEnd('\n'));
        Assert.Equal(sent.MessageId, received.MessageIdHeader());
        Assert.Equal(sent.InReplyTo, received.Headers[HeaderId.InReplyTo]);
        Assert.Equal(sent.InReplyTo, received.Headers[HeaderId.References]);
        var (fileName, content) = Assert.Single(received.Attachments).Read();
        Assert.Equal(sent.Attachments[0].FileName, fileName);
        Assert.Equal(sent.Attachments[0].Content, content);
    }

    [Fact]
    public async Task SendAsync_AChineseSubjectNameAndAttachment_ArriveIntactOverSmtp()
    {
        using var server = new SmtpServer();
        var mail = ChineseRulingTo("wang@buyer.example");

        await SenderFor(To(server)).SendAsync(mail, CancellationToken.None);

        var received = Assert.Single(server.Messages());
        AssertIntact(received, mail);
        Assert.Equal("no", received.Headers["X-SmtpUtf8"]); // ASCII addresses need no SMTPUTF8: any server takes them
    }

    [Fact]
    public async Task SendAsync_WithNoHost_WritesAnEmlFileThatReadsBackIntact_AndNothingHalfWritten()
    {
        var mail = ChineseRulingTo("wang@buyer.example");

        await SenderFor(new SmtpOptions()).SendAsync(mail, CancellationToken.None);

        var file = Assert.Single(Directory.GetFiles(_pickup));
        Assert.EndsWith(".eml", file, StringComparison.Ordinal);
        AssertIntact(MimeMessage.Load(file), mail);
    }

    [Fact]
    public async Task SendAsync_ToAnInternationalAddress_ArrivesByWayOfSmtpUtf8()
    {
        using var server = new SmtpServer();
        var mail = ChineseRulingTo("王小明@例子.example");

        await SenderFor(To(server)).SendAsync(mail, CancellationToken.None);

        var received = Assert.Single(server.Messages());
        AssertIntact(received, mail);
        Assert.Equal(("yes", "王小明@例子.example"), (received.Headers["X-SmtpUtf8"], received.Headers["X-RcptTo"]));
    }

    [Fact]
    public async Task SendAsync_OverStartTls_ReachesAServerWhoseOwnCertificateIsPinned()
    {
        using var server = new SmtpServer(startTls: true);
        var smtp = To(server);
        smtp.Security = SecureSocketOptions.StartTls;
        smtp.CertificateSha256 = server.CertificateSha256;

        await SenderFor(smtp).SendAsync(new OutgoingMail("tls@buyer.example", "Over TLS", "Secret."), CancellationToken.None);

        Assert.Equal("Over TLS", Assert.Single(server.MessagesTo("tls@buyer.example")).Subject);
    }

    [Fact]
    public async Task SendAsync_OverStartTls_RefusesACertificateNoAuthorityIssued_WhenNoneIsPinned()
    {
        using var server = new SmtpServer(startTls: true);

        // Auto takes STARTTLS because the server offers it, and then checks the certificate as usual.
        await Assert.ThrowsAsync<SslHandshakeException>(() =>
            SenderFor(To(server)).SendAsync(new OutgoingMail("tls@buyer.example", "Over TLS", "Secret."), CancellationToken.None));
        Assert.Empty(server.Messages());
    }

    [Fact]
    public async Task SendAsync_WithAUserName_AuthenticatesBeforeSending()
    {
        using var server = new SmtpServer(login: ("odr-notices", "s3cret pass"));
        var smtp = To(server);
        (smtp.UserName, smtp.Password) = ("odr-notices", "s3cret pass");

        await SenderFor(smtp).SendAsync(new OutgoingMail("auth@buyer.example", "Signed in", "Text."), CancellationToken.None);

        Assert.Equal("Signed in", Assert.Single(server.MessagesTo("auth@buyer.example")).Subject);
    }

    [Fact]
    public async Task SendAsync_WithAWrongPassword_IsAPermanentFailure()
    {
        using var server = new SmtpServer(login: ("odr-notices", "s3cret pass"));
        var smtp = To(server);
        (smtp.UserName, smtp.Password) = ("odr-notices", "wrong");

        var refused = await Assert.ThrowsAsync<AuthenticationException>(() =>
            SenderFor(smtp).SendAsync(new OutgoingMail("auth@buyer.example", "Signed in", "Text."), CancellationToken.None));

        Assert.True(SendNoticeHandler.IsPermanent(refused));
        Assert.Empty(server.Messages());
    }

    [Fact]
    public async Task SendAsync_WithEnableSsl_RequiresStartTls_AsItDid()
    {
        using var server = new SmtpServer(); // offers no STARTTLS
        var smtp = To(server);
        smtp.EnableSsl = true;

        await Assert.ThrowsAsync<NotSupportedException>(() =>
            SenderFor(smtp).SendAsync(new OutgoingMail("plain@buyer.example", "Plain", "Text."), CancellationToken.None));
        Assert.Empty(server.Messages());
    }

    [Fact]
    public async Task SendAsync_ARecipientRefusedForGood_IsAPermanentFailure_AndOneRefusedForNow_IsNot()
    {
        using var server = new SmtpServer();
        var sender = SenderFor(To(server));

        var forGood = await Assert.ThrowsAsync<SmtpCommandException>(() =>
            sender.SendAsync(new OutgoingMail("no-such-mailbox@buyer.example", "Hello", "Text."), CancellationToken.None));
        var forNow = await Assert.ThrowsAsync<SmtpCommandException>(() =>
            sender.SendAsync(new OutgoingMail("mailbox-busy@buyer.example", "Hello", "Text."), CancellationToken.None));

        Assert.Equal((SmtpErrorCode.RecipientNotAccepted, 550), (forGood.ErrorCode, (int)forGood.StatusCode));
        Assert.True(SendNoticeHandler.IsPermanent(forGood));
        Assert.Equal((SmtpErrorCode.RecipientNotAccepted, 451), (forNow.ErrorCode, (int)forNow.StatusCode));
        Assert.False(SendNoticeHandler.IsPermanent(forNow));
        Assert.Empty(server.Messages());
    }

    [Fact]
    public async Task SendAsync_ALineBreakInTheSubject_IsRefusedBeforeAnythingIsSent()
    {
        using var server = new SmtpServer();

        var refused = await Assert.ThrowsAsync<ArgumentException>(() => SenderFor(To(server))
            .SendAsync(new OutgoingMail("buyer@buyer.example", "A-1001\r\nBcc: x@evil.example", "Text."), CancellationToken.None));

        Assert.True(SendNoticeHandler.IsPermanent(refused));
        Assert.Empty(server.Messages());
    }

    [Fact]
    public async Task SendAsync_WhenTheServerNeverAnswers_StopsOnCancellation()
    {
        using var silent = new TcpListener(IPAddress.Loopback, 0);
        silent.Start();
        using var cancel = new CancellationTokenSource();
        var sending = SenderFor(new SmtpOptions { Host = "127.0.0.1", Port = ((IPEndPoint)silent.LocalEndpoint).Port })
            .SendAsync(new OutgoingMail("buyer@buyer.example", "Hello", "Text."), cancel.Token);

        using var connection = await silent.AcceptTcpClientAsync(); // connected, waiting for a greeting that never comes
        await cancel.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => sending);
    }
}
