using System.Net;
using System.Net.Mail;
using System.Text;
using Microsoft.Extensions.Options;

namespace Odr.Web.Infrastructure.Email;

public sealed class MailOptions
{
    public string From { get; set; } = "ODR Service <no-reply@odr.local>";

    public SmtpOptions Smtp { get; set; } = new();

    /// <summary>Where .eml files go when no SMTP host is set. Relative to the data directory.</summary>
    public string PickupDirectory { get; set; } = "mail";
}

public sealed class SmtpOptions
{
    public string? Host { get; set; }

    public int Port { get; set; } = 25;

    public bool EnableSsl { get; set; }

    public string? UserName { get; set; }

    public string? Password { get; set; }
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
/// <see cref="System.Net.Mail.SmtpClient"/> (MailKit is not available here). With no host configured, each message
/// is written as an .eml file into the pickup directory instead.
/// </summary>
public sealed class SmtpMailSender(IOptions<MailOptions> options, MailDirectory mailDirectory) : IMailSender
{
    public async Task SendAsync(OutgoingMail mail, CancellationToken ct)
    {
        var settings = options.Value;
        var from = new MailAddress(settings.From);
        using var message = new MailMessage
        {
            From = new MailAddress(from.Address, from.DisplayName, Encoding.UTF8),
            Subject = mail.Subject,
            SubjectEncoding = Encoding.UTF8,
            HeadersEncoding = Encoding.UTF8,
            BodyEncoding = Encoding.UTF8,
            Body = mail.TextBody,
            IsBodyHtml = false,
        };
        message.To.Add(new MailAddress(mail.To, mail.ToName, Encoding.UTF8));
        if (mail.HtmlBody is not null)
        {
            message.AlternateViews.Add(AlternateView.CreateAlternateViewFromString(mail.HtmlBody, Encoding.UTF8, "text/html"));
        }
        if (mail.MessageId is not null)
        {
            message.Headers.Add("Message-ID", mail.MessageId);
        }
        if (mail.InReplyTo is not null)
        {
            message.Headers.Add("In-Reply-To", mail.InReplyTo);
            message.Headers.Add("References", mail.InReplyTo);
        }
        foreach (var attachment in mail.Attachments)
        {
            message.Attachments.Add(new Attachment(new MemoryStream(attachment.Content), attachment.FileName, attachment.ContentType));
        }

        using var client = CreateClient(settings.Smtp);
        await client.SendMailAsync(message, ct);
    }

    private SmtpClient CreateClient(SmtpOptions smtp)
    {
        if (string.IsNullOrWhiteSpace(smtp.Host))
        {
            return new SmtpClient
            {
                DeliveryMethod = SmtpDeliveryMethod.SpecifiedPickupDirectory,
                PickupDirectoryLocation = mailDirectory.Path,
            };
        }
        var client = new SmtpClient(smtp.Host, smtp.Port) { EnableSsl = smtp.EnableSsl, DeliveryMethod = SmtpDeliveryMethod.Network };
        if (!string.IsNullOrEmpty(smtp.UserName))
        {
            client.Credentials = new NetworkCredential(smtp.UserName, smtp.Password);
        }
        return client;
    }
}

/// <summary>The folder .eml files are written to when there is no SMTP host.</summary>
public sealed record MailDirectory(string Path);
