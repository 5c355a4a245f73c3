using Odr.Domain.Disputes;
using Odr.Web.Infrastructure;
using Odr.Workflows.Runtime;

namespace Odr.Web.Features.Notices;

/// <summary>
/// Sends one notice per key, to one recipient: a key already in <c>SentNotices</c> is skipped. It carries a notice that
/// failed in its event's <see cref="SendNotices"/> (and commands queued before notices went per event). The record is
/// written right after the SMTP server accepts the message, with the command marked done; a failure before that is
/// retried with backoff (the SMTP server down, say), and after too many the command is dead-lettered where admins see
/// it. Only a crash between the acceptance and the record sends a notice twice, and then under one Message-ID
/// (<see cref="MessageIdOf"/>).
/// </summary>
public sealed class SendNoticeHandler(NoticeDelivery delivery) : ICommandHandler<SendNotice>
{
    public async Task HandleAsync(SendNotice notice, CommandContext context, CancellationToken ct)
    {
        if ((await delivery.SentAsync([context.IdempotencyKey], ct)).Count > 0)
        {
            return;
        }
        if (await delivery.CaseForAsync(notice.CaseId, [notice], ct) is not { } dispute
            || !(await delivery.RecipientsAsync(dispute, [notice.Recipient], ct)).TryGetValue(notice.Recipient, out var to))
        {
            return; // the case or the person is gone (e.g. no arbitrator yet): nothing to tell
        }
        var sent = await delivery.SendAsync(new KeyedNotice(context.IdempotencyKey, notice), dispute, to, ct);
        await delivery.RecordAsync(dispute, [sent], CancellationToken.None);
    }


    /// <summary>
    /// The notice's Message-ID, made from its key: were the node to die after the SMTP server took the message but
    /// before the record above is saved, the notice is sent again with the same Message-ID, which mail programs and
    /// servers treat as one message.
    /// </summary>
    public static string MessageIdOf(string caseNumber, string idempotencyKey, string domain) =>
        $"<{caseNumber}.{Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(idempotencyKey)))[..32]}@{domain}>";

    /// <summary>
    /// Failures that retrying cannot mend: the server refused for good (a 5xx reply: no such mailbox, address not
    /// allowed; or the credentials, a 535 reply that MailKit reports as its own <c>AuthenticationException</c>) or the
    /// message cannot be made (an address or header the mail library refuses: MimeKit's <c>ParseException</c> is a
    /// <see cref="FormatException"/>). A 4xx reply, a refused or broken connection and a time-out are worth another
    /// try; an admin sends a dead letter again once a setting is fixed.
    /// </summary>
    public static bool IsPermanent(Exception e) => e switch
    {
        MailKit.Net.Smtp.SmtpCommandException smtp => (int)smtp.StatusCode is >= 500 and < 600,
        MailKit.Security.AuthenticationException => true,
        FormatException or ArgumentException => true,
        _ => false,
    };
}

/// <summary>
/// A notice given up on: the case records it as undelivered (with the dead letter, in one transaction), so that its
/// neutral and parties see it on the case and no deadline runs against someone never told (<see cref="DisputeCase"/>).
/// </summary>
public sealed class SendNoticeDeadLetterHandler(OdrDbContext db, TimeProvider time) : ICommandDeadLetterHandler<SendNotice>
{
    public async Task OnDeadLetteredAsync(SendNotice notice, CommandContext context, string error, CancellationToken ct)
    {
        if (await db.LoadCaseAsync(new DisputeId(notice.CaseId), ct) is { } dispute)
        {
            dispute.RecordNoticeUndelivered(context.IdempotencyKey, notice.Recipient, notice.Kind.ToString(), time.GetUtcNow());
        }
    }
}
