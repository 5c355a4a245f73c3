using System.Net.Security;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using MailKit.Security;
using Microsoft.Extensions.Options;
using MimeKit;

namespace Odr.Web.Infrastructure.Email;

public sealed class MailOptions
{
    public string From { get; set; } = "ODR Service <no-reply@odr.local>";

    public SmtpOptions Smtp { get; set; } = new();

    /// <summary>Where .eml files go when no SMTP host is set. Relative to the data directory.</summary>
    public string PickupDirectory { get; set; } = "mail";

    /// <summary>
    /// <see cref="From"/> as MimeKit reads it, with a domain (notices' Message-IDs are made in it). One that is not such
    /// an address stops the start (<c>Settings</c>, <see cref="FromIsAnAddress"/>).
    /// </summary>
    public MailboxAddress FromAddress() =>
        ParsedFrom() ?? throw new FormatException($"Odr:Mail:From is not an e-mail address: '{From}'.");

    public bool FromIsAnAddress() => ParsedFrom() is not null;

    /// <summary>MimeKit alone would take a bare "nobody" as an address.</summary>
    private MailboxAddress? ParsedFrom() => MailboxAddress.TryParse(From, out var address) && address.Domain.Length > 0 ? address : null;
}

public sealed class SmtpOptions
{
    public string? Host { get; set; }

    public int Port { get; set; } = 25;

    /// <summary>
    /// How the connection is secured: <c>Auto</c> (TLS from the start on port 465, else STARTTLS when the server offers
    /// it), <c>SslOnConnect</c>, <c>StartTls</c> (required), <c>StartTlsWhenAvailable</c> or <c>None</c>. Unset, it
    /// follows <see cref="EnableSsl"/>.
    /// </summary>
    public SecureSocketOptions? Security { get; set; }

    /// <summary>The older switch, kept so existing settings work: <c>true</c> requires STARTTLS, as it did.</summary>
    public bool EnableSsl { get; set; }

    /// <summary>
    /// The SHA-256 fingerprint (hex) of a server certificate to accept though no trusted authority issued it or it names
    /// another host: a relay with a certificate of its own. Any other certificate is still checked as usual.
    /// </summary>
    public string? CertificateSha256 { get; set; }

    public string? UserName { get; set; }

    public string? Password { get; set; }

    public SecureSocketOptions SecurityToUse => Security ?? (EnableSsl ? SecureSocketOptions.StartTls : SecureSocketOptions.Auto);
}

/// <summary>One e-mail to send: plain text always, HTML optionally, attachments optionally.</summary>
public sealed record OutgoingMail(string To, string Subject, string TextBody)
{
    public string? ToName { get; init; }

    public string? HtmlBody { get; init; }

    /// <summary>The Message-ID header, so that a case's notices thread together; generated when absent.</summary>
    public string? MessageId { get; init; }

    public string? InReplyTo { get; init; }

    public IReadOnlyList<MailAttachment> Attachments { get; init; } = [];
}

public sealed record MailAttachment(string FileName, string ContentType, byte[] Content);

/// <summary>Sends e-mail. Callers that must not send twice go through the outbox, which keys each notice.</summary>
public interface IMailSender
{
    Task SendAsync(OutgoingMail mail, CancellationToken ct);
}

/// <summary>
/// Sends with MailKit's <see cref="MailKit.Net.Smtp.SmtpClient"/>, one connection a message (notices are few, and a
/// pooled connection would outlive a server restart). With no host configured, each message is written by MimeKit as an
/// .eml file into the pickup directory instead.
/// </summary>
public sealed class SmtpMailSender(IOptions<MailOptions> options, MailDirectory mailDirectory) : IMailSender
{
    /// <summary>Each SMTP step's limit, as the framework's former SMTP client had it; the caller's token may end a send sooner.</summary>
    private static readonly TimeSpan StepTimeout = TimeSpan.FromSeconds(100);

    public async Task SendAsync(OutgoingMail mail, CancellationToken ct)
    {
        var settings = options.Value;
        using var message = Build(mail, settings.FromAddress());
        if (string.IsNullOrWhiteSpace(settings.Smtp.Host))
        {
            await WriteToPickupDirectoryAsync(message, ct);
            return;
        }

        var smtp = settings.Smtp;
        using var client = new MailKit.Net.Smtp.SmtpClient { Timeout = (int)StepTimeout.TotalMilliseconds };
        if (smtp.CertificateSha256 is { Length: > 0 } pinned)
        {
            client.ServerCertificateValidationCallback = (_, certificate, _, errors) => IsAcceptable(certificate, errors, pinned);
        }
        await client.ConnectAsync(smtp.Host, smtp.Port, smtp.SecurityToUse, ct);
        if (!string.IsNullOrEmpty(smtp.UserName))
        {
            await client.AuthenticateAsync(smtp.UserName, smtp.Password ?? "", ct);
        }
        await client.SendAsync(message, ct);
        try
        {
            await client.DisconnectAsync(quit: true, ct);
        }
        catch (Exception e) when (e is IOException or System.Net.Sockets.SocketException or MailKit.ProtocolException
            or MailKit.CommandException or OperationCanceledException)
        {
            // The server has taken the message: a goodbye cut off (the server stopping, the command's time up) must not
            // fail the send, or the notice would go again.
        }
    }

    /// <summary>
    /// The message as MIME: text, with the HTML as its alternative, then the attachments. Line breaks in a header value
    /// are refused (<see cref="ArgumentException"/>, a permanent failure) rather than encoded: they only come from data
    /// that slipped past a text rule, and would otherwise smuggle in a header on a server that decodes them.
    /// </summary>
    private static MimeMessage Build(OutgoingMail mail, MailboxAddress from)
    {
        var message = new MimeMessage();
        message.From.Add(from);
        message.To.Add(new MailboxAddress(SingleLine(mail.ToName, "recipient name"), SingleLine(mail.To, "recipient address")));
        message.Subject = SingleLine(mail.Subject, "subject");
        if (mail.MessageId is not null)
        {
            message.MessageId = mail.MessageId;
        }
        if (mail.InReplyTo is not null)
        {
            message.InReplyTo = mail.InReplyTo;
            message.References.Add(mail.InReplyTo);
        }

        var body = new BodyBuilder { TextBody = mail.TextBody, HtmlBody = mail.HtmlBody };
        foreach (var attachment in mail.Attachments)
        {
            body.Attachments.Add(attachment.FileName, attachment.Content, ContentType.Parse(attachment.ContentType));
        }
        message.Body = body.ToMessageBody();
        return message;
    }

    /// <summary>Written aside and moved into place, so a reader of the folder never sees half a message.</summary>
    private async Task WriteToPickupDirectoryAsync(MimeMessage message, CancellationToken ct)
    {
        var name = Guid.NewGuid().ToString("N");
        var temporary = Path.Combine(mailDirectory.Path, name + ".tmp");
        await message.WriteToAsync(temporary, ct);
        File.Move(temporary, Path.Combine(mailDirectory.Path, name + ".eml"));
    }

    private static bool IsAcceptable(X509Certificate? certificate, SslPolicyErrors errors, string pinnedSha256) =>
        errors == SslPolicyErrors.None
        || (certificate is not null && string.Equals(Convert.ToHexString(SHA256.HashData(certificate.GetRawCertData())),
            pinnedSha256.Replace(":", "", StringComparison.Ordinal), StringComparison.OrdinalIgnoreCase));

    private static string SingleLine(string? value, string what) =>
        value is not null && value.AsSpan().IndexOfAny('\r', '\n') >= 0
            ? throw new ArgumentException($"The {what} holds a line break, which a mail header cannot.")
            : value ?? "";
}

/// <summary>The folder .eml files are written to when there is no SMTP host.</summary>
public sealed record MailDirectory(string Path);
