using Microsoft.EntityFrameworkCore;
using Odr.Domain.Disputes;
using Odr.Domain.Parties;
using Odr.Web.Features.Disputes;
using Odr.Web.Features.Rulings;
using Odr.Web.Infrastructure;
using Odr.Web.Infrastructure.Email;
using Odr.Web.Infrastructure.Operations;
using Odr.Workflows.Persistence;
using Odr.Workflows.Runtime;

namespace Odr.Web.Features.Notices;

/// <summary>
/// Sends one notice per key: a key already in <c>SentNotices</c> is skipped. The record is written right after the SMTP
/// server accepts the message, with the command marked done; a failure before that is retried with backoff (the SMTP
/// server down, say), and after too many the command is dead-lettered where admins see it. Only a crash between the
/// acceptance and the record sends a notice twice, and then under one Message-ID (<see cref="MessageIdOf"/>).
/// </summary>
public sealed class SendNoticeHandler(OdrDbContext db, IMailSender mail, NoticeComposer composer, DocumentStore documents, TimeProvider time,
    Microsoft.Extensions.Options.IOptions<MailOptions> mailOptions, Microsoft.Extensions.Options.IOptions<DeadlineOptions> deadlines,
    OdrMetrics metrics, Sellers.SellerIdentities sellers) : ICommandHandler<SendNotice>
{
    public async Task HandleAsync(SendNotice notice, CommandContext context, CancellationToken ct)
    {
        if (await db.Set<SentNotice>().AnyAsync(n => n.Key == context.IdempotencyKey, ct))
        {
            return;
        }
        if (await db.LoadCaseAsync(new DisputeId(notice.CaseId), ct) is not { } dispute || await RecipientAsync(dispute, notice.Recipient, ct) is not { } to)
        {
            return; // the case or the person is gone (e.g. no arbitrator yet): nothing to tell
        }

        // Only the complaint names the seller; it is looked up (the seller's own profile or a marketplace's word) for that one.
        var seller = notice.Kind == NoticeKind.ComplaintFiled ? await sellers.ForCaseAsync(dispute, ct) : null;
        var composed = composer.Compose(notice, dispute, to.Name, to.Culture, to.HasAccount, seller);
        var domain = mailOptions.Value.FromAddress().Domain;
        var messageId = MessageIdOf(dispute.Number.ToString(), context.IdempotencyKey, domain);
        var attachments = new List<MailAttachment>();
        if (notice.DocumentId is { } documentId && dispute.Documents.FirstOrDefault(d => d.Id.Value == documentId) is { } document)
        {
            await using var file = documents.OpenRead(document.Id);
            using var buffer = new MemoryStream();
            await file.CopyToAsync(buffer, ct);
            attachments.Add(new MailAttachment($"{dispute.Number}-{document.Kind.ToString().ToLowerInvariant()}.pdf", "application/pdf", buffer.ToArray()));
        }
        try
        {
            await mail.SendAsync(new OutgoingMail(to.Address, composed.Subject, composed.Text)
            {
                ToName = to.Name,
                HtmlBody = composed.Html,
                MessageId = messageId,
                // Every notice of a case refers to the same thread root, so mail programs group them.
                InReplyTo = $"<{dispute.Number}@{domain}>",
                Attachments = attachments,
            }, ct);
        }
        catch (Exception e) when (!ct.IsCancellationRequested)
        {
            metrics.NoticeFailed(notice.Kind.ToString());
            if (IsPermanent(e))
            {
                throw new PermanentCommandFailureException($"The notice cannot be sent to {to.Address}: {e.Message}", e);
            }
            throw;
        }
        metrics.NoticeSent(notice.Kind.ToString());

        // From here on the server has the message, so the record is saved whatever the command's time limit, and a case
        // changed meanwhile (a deadline fired, a party acted) is read again and the delivery recorded on it: a record
        // given up here would only make the retry send the notice a second time.
        var now = time.GetUtcNow();
        for (var attempt = 1; ; attempt++)
        {
            dispute.RecordNoticeDelivered(context.IdempotencyKey, notice.Recipient, notice.Kind.ToString(), now, deadlines.Value.ToPeriods());
            db.Set<SentNotice>().Add(new SentNotice
            {
                Key = context.IdempotencyKey,
                DisputeId = dispute.Id,
                Kind = notice.Kind,
                Recipient = notice.Recipient,
                ToAddress = to.Address,
                MessageId = messageId,
                SentAt = now,
            });
            try
            {
                await db.SaveChangesAsync(CancellationToken.None);
                return;
            }
            catch (DbUpdateConcurrencyException) when (attempt < RecordAttempts)
            {
                // Forget the stale case and what was added with it; the runtime's command row stays, to be marked done
                // with the record.
                foreach (var entry in db.ChangeTracker.Entries().Where(e => e.Entity is not WorkflowCommand).ToList())
                {
                    entry.State = EntityState.Detached;
                }
                dispute = await db.LoadCaseAsync(dispute.Id, CancellationToken.None)
                    ?? throw new InvalidOperationException($"Case {dispute.Id} disappeared while its notice was recorded.");
            }
        }
    }

    private const int RecordAttempts = 5;

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

    private sealed record Recipient(string Address, string Name, string Culture, bool HasAccount);

    /// <summary>Who a role is on this case, by address, with the language they read in.</summary>
    private async Task<Recipient?> RecipientAsync(DisputeCase c, CaseRole role, CancellationToken ct)
    {
        if (role == CaseRole.Seller)
        {
            // The seller may have no account yet: then the case's language, and the name the buyer gave.
            var normalized = c.Seller.Email.Value.ToUpperInvariant();
            var account = await db.Users.AsNoTracking().FirstOrDefaultAsync(u => u.NormalizedEmail == normalized, ct);
            return new Recipient(c.Seller.Email.Value, account?.DisplayName ?? c.Seller.Name,
                account is null ? Languages.FromCaseLanguage(c.Language) : Languages.FromPreference(account.PreferredLanguage), account is not null);
        }
        var id = role switch
        {
            CaseRole.Buyer => c.Buyer.UserId,
            CaseRole.Mediator => c.MediatorId,
            CaseRole.Arbitrator => c.ArbitratorId,
            _ => null,
        };
        if (id is not { } userId || await db.Users.AsNoTracking().FirstOrDefaultAsync(u => u.Id == userId.Value, ct) is not { Email: { } email } user)
        {
            return null;
        }
        return new Recipient(email, user.NameForDisplay, Languages.FromPreference(user.PreferredLanguage), true);
    }

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
