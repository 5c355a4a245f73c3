using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
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

/// <summary>Who a role is on a case, by address, with the language they read in.</summary>
public sealed record NoticeRecipient(string Address, string Name, string Culture, bool HasAccount);

/// <summary>
/// The work of sending notices, shared by the per-event command (<see cref="SendNoticesHandler"/>) and the per-recipient
/// one (<see cref="SendNoticeHandler"/>): the case as its notices print it (the case row and only the collections their
/// kinds name, untracked: not the whole aggregate), the recipients in one read, one notice composed and sent, and the
/// records of those sent saved with the command, in one transaction.
/// </summary>
public sealed class NoticeDelivery(OdrDbContext db, IMailSender mail, NoticeComposer composer, DocumentStore documents, TimeProvider time,
    IOptions<MailOptions> mailOptions, IOptions<DeadlineOptions> deadlines, OdrMetrics metrics, Sellers.SellerIdentities sellers)
{
    private const int RecordAttempts = 5;

    /// <summary>Which of <paramref name="keys"/> have gone out already.</summary>
    public async Task<HashSet<string>> SentAsync(IReadOnlyCollection<string> keys, CancellationToken ct) =>
        (await db.Set<SentNotice>().Where(n => keys.Contains(n.Key)).Select(n => n.Key).ToListAsync(ct)).ToHashSet(StringComparer.Ordinal);

    /// <summary>
    /// The case as <paramref name="notices"/> print it, untracked: its row (with the parties and the order) and its
    /// undelivered notices, plus the offers, proposals, evidence, evidence requests or documents only when a notice's
    /// kind names one. None if the case is gone.
    /// </summary>
    public async Task<DisputeCase?> CaseForAsync(Guid caseId, IReadOnlyCollection<SendNotice> notices, CancellationToken ct)
    {
        var kinds = notices.Select(n => n.Kind).ToHashSet();
        IQueryable<DisputeCase> cases = db.Cases.AsNoTracking().Include(c => c.UndeliveredNotices);
        if (kinds.Contains(NoticeKind.OfferReceived) || kinds.Contains(NoticeKind.OfferRejected))
        {
            cases = cases.Include(c => c.Offers);
        }
        if (kinds.Contains(NoticeKind.ProposalReceived))
        {
            cases = cases.Include(c => c.Proposals);
        }
        if (kinds.Contains(NoticeKind.EvidenceAnswered))
        {
            cases = cases.Include(c => c.Evidence);
        }
        if (kinds.Contains(NoticeKind.EvidenceRequested))
        {
            cases = cases.Include(c => c.EvidenceRequests);
        }
        if (notices.Any(n => n.DocumentId is not null))
        {
            cases = cases.Include(c => c.Documents);
        }
        var id = new DisputeId(caseId);
        return await cases.AsSplitQuery().SingleOrDefaultAsync(c => c.Id == id, ct);
    }

    /// <summary>
    /// The people in <paramref name="roles"/> on the case, read in one query; a role with nobody in it (no arbitrator yet)
    /// is left out. The seller may have no account yet: then the case's language, and the name the buyer gave.
    /// </summary>
    public async Task<Dictionary<CaseRole, NoticeRecipient>> RecipientsAsync(DisputeCase c, IEnumerable<CaseRole> roles, CancellationToken ct)
    {
        // The account behind a role held by an account (the seller is known by address: below).
        UserId? AccountOf(CaseRole role) => role switch
        {
            CaseRole.Buyer => c.Buyer.UserId,
            CaseRole.Mediator => c.MediatorId,
            CaseRole.Arbitrator => c.ArbitratorId,
            _ => null,
        };
        var wanted = roles.ToHashSet();
        var ids = wanted.Select(AccountOf).OfType<UserId>().Select(u => u.Value).ToList();
        var seller = wanted.Contains(CaseRole.Seller) ? c.Seller.Email.Value.ToUpperInvariant() : null;
        var users = ids.Count == 0 && seller is null ? [] : await db.Users.AsNoTracking()
            .Where(u => ids.Contains(u.Id) || (seller != null && u.NormalizedEmail == seller)).ToListAsync(ct);
        var found = new Dictionary<CaseRole, NoticeRecipient>();
        foreach (var role in wanted)
        {
            if (role == CaseRole.Seller)
            {
                var account = users.FirstOrDefault(u => u.NormalizedEmail == seller);
                found[role] = new NoticeRecipient(c.Seller.Email.Value, account?.DisplayName ?? c.Seller.Name,
                    account is null ? Languages.FromCaseLanguage(c.Language) : Languages.FromPreference(account.PreferredLanguage), account is not null);
                continue;
            }
            if (AccountOf(role) is { } userId && users.FirstOrDefault(u => u.Id == userId.Value) is { Email: { } email } user)
            {
                found[role] = new NoticeRecipient(email, user.NameForDisplay, Languages.FromPreference(user.PreferredLanguage), true);
            }
        }
        return found;
    }

    /// <summary>
    /// Composes the notice in the reader's language, with its document attached, and hands it to the mail server; returns
    /// its record, to be saved by <see cref="RecordAsync"/>. A failure is counted and thrown; one that retrying cannot mend
    /// as a <see cref="PermanentCommandFailureException"/>.
    /// </summary>
    public async Task<SentNotice> SendAsync(KeyedNotice keyed, DisputeCase c, NoticeRecipient to, CancellationToken ct)
    {
        var notice = keyed.Notice;
        // Only the complaint names the seller; it is looked up (the seller's own profile or a marketplace's word) for that one.
        var seller = notice.Kind == NoticeKind.ComplaintFiled ? await sellers.ForCaseAsync(c, ct) : null;
        var composed = composer.Compose(notice, c, to.Name, to.Culture, to.HasAccount, seller);
        var domain = mailOptions.Value.FromAddress().Domain;
        var messageId = SendNoticeHandler.MessageIdOf(c.Number.ToString(), keyed.Key, domain);
        var attachments = new List<MailAttachment>();
        if (notice.DocumentId is { } documentId && c.Documents.FirstOrDefault(d => d.Id.Value == documentId) is { } document)
        {
            await using var file = documents.OpenRead(document.Id);
            using var buffer = new MemoryStream();
            await file.CopyToAsync(buffer, ct);
            attachments.Add(new MailAttachment($"{c.Number}-{document.Kind.ToString().ToLowerInvariant()}.pdf", "application/pdf", buffer.ToArray()));
        }
        try
        {
            await mail.SendAsync(new OutgoingMail(to.Address, composed.Subject, composed.Text)
            {
                ToName = to.Name,
                HtmlBody = composed.Html,
                MessageId = messageId,
                // Every notice of a case refers to the same thread root, so mail programs group them.
                InReplyTo = $"<{c.Number}@{domain}>",
                Attachments = attachments,
            }, ct);
        }
        catch (Exception e) when (!ct.IsCancellationRequested)
        {
            metrics.NoticeFailed(notice.Kind.ToString());
            if (SendNoticeHandler.IsPermanent(e))
            {
                throw new PermanentCommandFailureException($"The notice cannot be sent to {to.Address}: {e.Message}", e);
            }
            throw;
        }
        metrics.NoticeSent(notice.Kind.ToString());
        return new SentNotice
        {
            Key = keyed.Key,
            DisputeId = c.Id,
            Kind = notice.Kind,
            Recipient = notice.Recipient,
            ToAddress = to.Address,
            MessageId = messageId,
            SentAt = time.GetUtcNow(),
        };
    }

    /// <summary>
    /// Saves the records of the notices sent, with whatever the command's context holds (the command marked done, notices
    /// handed to commands of their own): one transaction. The server has the messages, so the caller passes no time limit:
    /// a record given up here would only make a retry send them again. The case itself changes only for a notice that was
    /// recorded as undelivered or that gives the seller a fresh period (<see cref="DisputeCase.RecordNoticeDelivered"/>);
    /// only then is the aggregate loaded, after the sending, and read again if another change to it won the race.
    /// </summary>
    public async Task RecordAsync(DisputeCase read, IReadOnlyList<SentNotice> sent, CancellationToken ct)
    {
        var onTheCase = sent.Where(n => ChangesTheCase(read, n)).ToList();
        for (var attempt = 1; ; attempt++)
        {
            if (onTheCase.Count > 0)
            {
                var dispute = await db.LoadCaseAsync(read.Id, ct)
                    ?? throw new InvalidOperationException($"Case {read.Id} disappeared while its notices were recorded.");
                foreach (var notice in onTheCase)
                {
                    dispute.RecordNoticeDelivered(notice.Key, notice.Recipient, notice.Kind.ToString(), notice.SentAt, deadlines.Value.ToPeriods());
                }
            }
            db.Set<SentNotice>().AddRange(sent);
            try
            {
                await db.SaveChangesAsync(ct);
                return;
            }
            catch (DbUpdateConcurrencyException) when (attempt < RecordAttempts)
            {
                // Forget the stale case and what was added with it; the runtime's command rows stay, to be saved with the records.
                foreach (var entry in db.ChangeTracker.Entries().Where(e => e.Entity is not WorkflowCommand).ToList())
                {
                    entry.State = EntityState.Detached;
                }
            }
        }
    }

    /// <summary>
    /// Whether recording the delivery changes the case (<see cref="DisputeCase.RecordNoticeDelivered"/>): the notice was
    /// recorded as undelivered, or it is the seller's notice of the complaint and the response deadline has passed. A
    /// deadline never moves earlier, so the read from before the sending decides rightly.
    /// </summary>
    private static bool ChangesTheCase(DisputeCase read, SentNotice sent) =>
        read.UndeliveredNotices.Any(n => n.Key == sent.Key)
        || (sent.Recipient == CaseRole.Seller && sent.Kind.ToString() == DisputeCase.ComplaintNoticeKind && read.Stage == DisputeStage.AwaitingResponse
            && sent.SentAt >= read.Deadline);
}
