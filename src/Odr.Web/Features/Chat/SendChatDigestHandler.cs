using System.Globalization;
using System.Net;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Options;
using Odr.Domain.Disputes;
using Odr.Domain.Parties;
using Odr.Web.Features.Notices;
using Odr.Web.Infrastructure;
using Odr.Web.Infrastructure.Email;
using Odr.Web.Infrastructure.Localization;
using Odr.Workflows.Runtime;

namespace Odr.Web.Features.Chat;

/// <summary>
/// Sends a reader's waiting <see cref="ChatDigest"/>: one e-mail listing the messages they may read and have not (from
/// another person, since the digest began), in their language, with a link to the case chat. Nothing when the digest went
/// meanwhile (they read the chat) or is another one's (this command's time is not its time). The digest is removed with
/// the command's completion, after the SMTP server took the message; a retry after a crash in between sends it again
/// under the same Message-ID, as notices do.
/// </summary>
public sealed class SendChatDigestHandler(OdrDbContext db, IMailSender mail, PublicUrls urls, IStringLocalizer<Text> t,
    IOptions<MailOptions> mailOptions) : ICommandHandler<SendChatDigest>
{
    /// <summary>How much of a message the digest quotes; the rest is read in the chat.</summary>
    public const int QuotedLength = 200;

    public async Task HandleAsync(SendChatDigest command, CommandContext context, CancellationToken ct)
    {
        var caseId = new DisputeId(command.CaseId);
        var reader = new UserId(command.UserId);
        var digest = await db.Set<ChatDigest>().SingleOrDefaultAsync(d => d.DisputeId == caseId && d.UserId == reader, ct);
        if (digest is null || digest.DueAt != command.DueAt)
        {
            return;
        }
        db.Remove(digest);
        var dispute = await db.Set<DisputeCase>().AsNoTracking().SingleOrDefaultAsync(c => c.Id == caseId, ct);
        var user = await db.Users.AsNoTracking().SingleOrDefaultAsync(u => u.Id == command.UserId, ct);
        // Who may read what is asked now: a neutral replaced or a seller whose address changed since is sent nothing.
        if (dispute is null || user is not { Email: { } address } || dispute.RoleOf(user.UserId, user.ConfirmedEmail) is not { } role)
        {
            return;
        }
        var channels = DisputeCase.ReadableChannels(role).ToList();
        var messages = await db.Set<ChatMessage>().AsNoTracking()
            .Where(m => m.DisputeId == caseId && channels.Contains(m.Channel) && m.SentAt >= digest.Since && m.SenderUserId != reader)
            .OrderBy(m => m.SentAt).ThenBy(m => m.Channel).ThenBy(m => m.Seq).ToListAsync(ct);
        if (messages.Count == 0)
        {
            return;
        }
        var (subject, text, html) = Compose(dispute.Number.ToString(), dispute.Id.Value, user.NameForDisplay, Languages.FromPreference(user.PreferredLanguage), messages);
        var domain = mailOptions.Value.FromAddress().Domain;
        try
        {
            await mail.SendAsync(new OutgoingMail(address, subject, text)
            {
                ToName = user.NameForDisplay,
                HtmlBody = html,
                MessageId = SendNoticeHandler.MessageIdOf(dispute.Number.ToString(), context.IdempotencyKey, domain),
                InReplyTo = $"<{dispute.Number}@{domain}>",
            }, ct);
        }
        catch (Exception e) when (!ct.IsCancellationRequested && SendNoticeHandler.IsPermanent(e))
        {
            throw new PermanentCommandFailureException($"The chat digest cannot be sent to {address}: {e.Message}", e);
        }
    }

    /// <summary>The digest's subject, plain text and HTML in <paramref name="culture"/>; times in UTC, as in every notice.</summary>
    public (string Subject, string Text, string Html) Compose(string number, Guid caseId, string recipientName, string culture,
        IReadOnlyList<ChatMessage> messages)
    {
        using var language = Languages.Use(culture);
        var link = $"{urls.Case(caseId)}#chat";
        var lines = messages.Select(m => t["notice.chatDigest.message",
            m.SentAt.UtcDateTime.ToString(t["format.dateTimeUtc"], CultureInfo.CurrentCulture),
            m.Channel == ChatChannel.Joint ? t.Role(m.SenderRole) : t["notice.chatDigest.caucus", t.Role(m.SenderRole)],
            Shortened(m.Text)].Value).ToList();
        var greeting = t["notice.greeting", recipientName];
        var intro = t["notice.chatDigest.intro", messages.Count];
        var action = t["notice.chatDigest.openChat"];
        var footer = t["notice.footer", number];
        var subject = $"[{number}] {t["notice.chatDigest.subject", messages.Count]}";
        if (!Languages.IsEnglish(CultureInfo.CurrentUICulture))
        {
            using var english = Languages.Use(Languages.English);
            subject += $" / {t["notice.chatDigest.subject", messages.Count]}";
        }

        var text = new StringBuilder().AppendLine(greeting).AppendLine().AppendLine(intro).AppendLine();
        foreach (var line in lines)
        {
            text.AppendLine(line).AppendLine();
        }
        text.AppendLine(CultureInfo.InvariantCulture, $"{action}: {link}").AppendLine().AppendLine("--").AppendLine(footer);

        var html = new StringBuilder($"<!DOCTYPE html><html lang=\"{Languages.HtmlLanguage(CultureInfo.CurrentUICulture)}\"><body style=\"font-family:sans-serif;line-height:1.5\">");
        html.Append(CultureInfo.InvariantCulture, $"<p>{Encode(greeting)}</p><p>{Encode(intro)}</p><ul>");
        foreach (var line in lines)
        {
            html.Append(CultureInfo.InvariantCulture, $"<li style=\"white-space:pre-wrap\">{Encode(line)}</li>");
        }
        html.Append(CultureInfo.InvariantCulture, $"</ul><p><a href=\"{Encode(link)}\">{Encode(action)}</a></p>");
        html.Append(CultureInfo.InvariantCulture, $"<hr><p style=\"color:#555;font-size:smaller\">{Encode(footer)}</p></body></html>");
        return (subject, text.ToString(), html.ToString());
    }

    /// <summary>The message's first <see cref="QuotedLength"/> characters (never half a character), with an ellipsis when cut.</summary>
    public static string Shortened(string text)
    {
        var flat = text.ReplaceLineEndings(" ").Trim();
        if (flat.Length <= QuotedLength)
        {
            return flat;
        }
        var cut = QuotedLength;
        if (char.IsHighSurrogate(flat[cut - 1]))
        {
            cut--;
        }
        return flat[..cut].TrimEnd() + "…";
    }

    private static string Encode(string text) => WebUtility.HtmlEncode(text);
}
