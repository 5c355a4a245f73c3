using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Odr.Domain.Common;
using Odr.Domain.Disputes;
using Odr.Domain.Disputes.Events;
using Odr.Domain.Parties;
using Odr.Web.Infrastructure.DomainEvents;
using Odr.Web.Infrastructure.Json;

namespace Odr.Web.Infrastructure.History;

/// <summary>Turns domain events into hash-chained <see cref="CaseEvent"/> rows, in the transaction that raised them.</summary>
public static class CaseHistory
{
    /// <summary>
    /// The history type name, acting role and data of an event, as api.md names them; none for events that are not
    /// history entries of their own (a stage change is recorded by the event that caused it). Free text (statements,
    /// messages, reasons) stays out of the chain: it holds ids, codes, amounts and hashes only.
    /// </summary>
    public static (string Type, CaseRole Actor, object Data)? Describe(IDomainEvent domainEvent) => domainEvent switch
    {
        DisputeFiled e => ("filed", CaseRole.Buyer, new { number = e.Number.ToString(), responseDeadline = e.ResponseDeadline }),
        EvidenceAdded e => ("evidenceAdded", e.SubmittedBy,
            new { evidenceId = e.EvidenceId.Value, sha256 = e.Sha256, sizeBytes = e.SizeBytes, contentType = e.ContentType }),
        SellerResponded e => ("responded", CaseRole.Seller, new { action = e.Action, consentToArbitration = e.ConsentsToArbitration }),
        OfferMade e => ("offerMade", e.From, new { offerId = e.OfferId.Value, remedy = Terms(e.Remedy) }),
        OfferAccepted e => ("offerAccepted", e.By, new { offerId = e.OfferId.Value }),
        OfferRejected e => ("offerRejected", e.By, new { offerId = e.OfferId.Value }),
        BlindBidPlaced e => ("blindBidPlaced", e.Party, new { round = e.Round }),
        DisputeSettled e => ("settled", CaseRole.System, new { stage = e.Stage, terms = Terms(e.Terms) }),
        DisputeEscalated e => ("escalated", e.ByRole ?? CaseRole.System, new { from = e.From, to = e.To, by = e.By }),
        NeutralAssigned e => ("neutralAssigned", CaseRole.System, new { role = e.Role, neutralId = e.NeutralId.Value }),
        ProposalMade e => ("proposalMade", CaseRole.Mediator, new { proposalId = e.ProposalId.Value, remedy = Terms(e.Remedy) }),
        ProposalAccepted e => ("proposalAccepted", e.By, new { proposalId = e.ProposalId.Value }),
        ImpasseDeclared => ("impasse", CaseRole.Mediator, new { }),
        EvidenceRequested e => ("evidenceRequested", CaseRole.Arbitrator, new { requestId = e.RequestId.Value, from = e.From, dueAt = e.DueAt }),
        EvidenceRequestLapsed e => ("evidenceRequestLapsed", CaseRole.System, new { requestId = e.RequestId.Value }),
        AwardIssued e => ("awarded", CaseRole.Arbitrator, new
        {
            decision = e.Decision,
            amount = e.Amount is { } amount ? new { value = amount.Value, currency = amount.Currency.Code } : null,
            governingLaw = e.GoverningLaw.Value,
        }),
        DisputeWithdrawn e => ("withdrawn", CaseRole.Buyer, new { stage = e.From }),
        ComplianceReported e => ("complianceReported", CaseRole.Buyer, new { complied = e.Complied }),
        OutcomeExecuted e => ("outcomeExecuted", CaseRole.System, new
        {
            marketplace = e.Marketplace, reference = e.Reference, amount = new { value = e.Amount.Value, currency = e.Amount.Currency.Code },
        }),
        OutcomeExecutionFailed e => ("executionFailed", CaseRole.System, new
        {
            marketplace = e.Marketplace, reference = e.Reference, amount = new { value = e.Amount.Value, currency = e.Amount.Currency.Code },
        }),
        PerformanceReported e => ("performanceReported", CaseRole.Seller, new { paymentReference = e.PaymentReference }),
        DisputeClosed e => ("closed", CaseRole.System, new { outcome = e.Outcome, settledAt = e.SettledAt, complied = e.Complied }),
        ReminderSent e => ("reminderSent", CaseRole.System, new { stage = e.Stage, deadline = e.Deadline }),
        GoverningLawSuggested e => ("governingLawSuggested", CaseRole.System, new
        {
            law = e.Assessment.GoverningLaw,
            referenceRegime = e.Assessment.ReferenceRegime,
            cisg = e.Assessment.Cisg,
            confidence = e.Assessment.Confidence,
            dataVersion = e.Assessment.DataVersion,
        }),
        GoverningLawPositionTaken e => ("governingLawPosition", e.Party, new { law = e.Law.Value }),
        GoverningLawConfirmed e => ("governingLawConfirmed", CaseRole.Arbitrator, new { law = e.Law.Value }),
        ContractFactsCorrected e => ("contractFactsCorrected", e.By, new { fields = e.Fields }),
        DocumentIssued e => ("documentIssued", CaseRole.System, new
        {
            documentId = e.DocumentId, kind = e.Kind, sha256 = e.Sha256, verificationCode = e.VerificationCode,
        }),
        NoticeUndelivered e => ("noticeUndelivered", CaseRole.System, new { recipient = e.Recipient, kind = e.Kind }),
        NoticeDelivered e => ("noticeDelivered", CaseRole.System, new { recipient = e.Recipient, kind = e.Kind, freshDeadline = e.FreshDeadline }),
        DeadlineHeld e => ("deadlineHeld", CaseRole.System, new { stage = e.Stage, deadline = e.Deadline, unreached = e.Unreached }),
        // A chat message goes into its channel's own chain (AppendPendingAsync), never the case's: see ADR 008.
        AwardAppealed e => ("appealed", e.By, new { by = e.By, grounds = e.Grounds }),
        AppealDecided e => ("appealDecided", CaseRole.Arbitrator, new
        {
            decision = e.Decision,
            awardInForce = e.AwardInForce,
            amount = e.Amount is { } amount ? new { value = amount.Value, currency = amount.Currency.Code } : null,
        }),
        AwardBecameFinal => ("awardFinal", CaseRole.System, new { }),
        StageChanged or MessagePosted => null,
        _ => throw new InvalidOperationException($"No history mapping for {domainEvent.GetType().Name}."),
    };

    private static object Terms(Remedy remedy) => new
    {
        type = remedy.Type,
        amount = remedy.Amount is { } amount ? new { value = amount.Value, currency = amount.Currency.Code } : null,
    };

    /// <summary>
    /// A case's history as readers see it, oldest first: each event's canonical JSON with its previous hash and hash.
    /// Shown from the hashed text itself, so what a reader sees is exactly what the chain covers. With
    /// <paramref name="channels"/> (those the viewer may read), the entries of those channels' own chains are merged in by
    /// time, each marked with its <c>chain</c> and linked to the one before it in that chain; other channels leave no trace.
    /// </summary>
    public static async Task<List<JsonObject>> ReadAsync(OdrDbContext db, DisputeId caseId, CancellationToken ct,
        IReadOnlyCollection<ChatChannel>? channels = null)
    {
        var history = (await db.CaseEvents.AsNoTracking().Where(e => e.DisputeId == caseId).OrderBy(e => e.Seq).ToListAsync(ct))
            .Select(row => Shown(row, chain: null)).ToList();
        if (channels is not { Count: > 0 })
        {
            return history;
        }
        var chat = await db.Set<ChannelEvent>().AsNoTracking()
            .Where(e => e.DisputeId == caseId && channels.Contains(e.Channel)).ToListAsync(ct);
        // A stable sort: the case's own entries stay in their order, and come before a message of the same instant.
        return history.Concat(chat.OrderBy(e => e.Channel).ThenBy(e => e.Seq).Select(e => Shown(e, ChainName(e.Channel))))
            .OrderBy(item => item["at"]!.GetValue<DateTimeOffset>()).ToList();
    }

    /// <summary>
    /// The newest <paramref name="take"/> entries of what <see cref="ReadAsync"/> returns (all of them without
    /// <paramref name="take"/>), oldest first, with how many there are in all: the case page's list, which costs the same
    /// however long the case has run. Each chain is read from its end along its key, without its canonical text.
    /// </summary>
    public static async Task<(IReadOnlyList<HistoryLine> Lines, int Total)> LatestAsync(OdrDbContext db, DisputeId caseId,
        IReadOnlyCollection<ChatChannel> channels, int? take, CancellationToken ct)
    {
        // One statement (a UNION ALL of each chain's newest entries), not a round trip per chain and one to count: on
        // PostgreSQL under load each round trip waits again for the database and then the service to get a core
        // (bench/analysis.md, pages on PostgreSQL).
        var rows = Newest(db.CaseEvents.Where(e => e.DisputeId == caseId), take)
            .Select(e => new { e.Seq, e.Type, e.At, e.ActorRole, e.Hash, Channel = (string?)null });
        foreach (var channel in channels.Order())
        {
            rows = rows.Concat(Newest(db.Set<ChannelEvent>().Where(e => e.DisputeId == caseId && e.Channel == channel), take)
                .Select(e => new { e.Seq, e.Type, e.At, e.ActorRole, e.Hash, Channel = (string?)e.Channel.ToString() }));
        }
        // The channel is read as its stored name: the case chain's NULL would otherwise give the column its own type.
        var read = (await rows.ToListAsync(ct)).Select(r => (r.Seq, r.Type, r.At, r.ActorRole, r.Hash,
            Channel: r.Channel is null ? (ChatChannel?)null : Enum.Parse<ChatChannel>(r.Channel))).ToList();
        // A chain is numbered 1, 2, 3… without gaps, so its newest entry's number is how many it has.
        var total = read.GroupBy(r => r.Channel).Sum(chain => chain.Max(r => r.Seq));
        // As the full history merges them: by time, stably, the case's own chain first, then each channel's in order.
        var merged = read.OrderBy(r => r.Channel.HasValue).ThenBy(r => r.Channel).ThenBy(r => r.Seq)
            .Select(r => new HistoryLine(r.Seq, r.Type, r.At, r.ActorRole, r.Hash, r.Channel is { } channel ? ChainName(channel) : null))
            .OrderBy(e => e.At).ToList();
        return (take is { } limit ? merged.TakeLast(limit).ToList() : merged, total);
    }

    /// <summary>A chain's newest <paramref name="take"/> entries (all of them without it), read from its end along its key.</summary>
    private static IQueryable<T> Newest<T>(IQueryable<T> chain, int? take) where T : ChainedEvent =>
        take is { } limit ? chain.OrderByDescending(e => e.Seq).Take(limit) : chain;

    /// <summary>The name a channel's chain goes by in readers' views and the audit: <c>joint</c>, <c>caucusBuyer</c>, <c>caucusSeller</c>.</summary>
    public static string ChainName(ChatChannel channel) => JsonNamingPolicy.CamelCase.ConvertName(channel.ToString());

    private static JsonObject Shown(ChainedEvent row, string? chain)
    {
        var item = JsonNode.Parse(row.Canonical)!.AsObject();
        if (chain is not null)
        {
            item["chain"] = chain;
        }
        item["previousHash"] = row.PreviousHash;
        item["hash"] = row.Hash;
        return item;
    }

    public static string ComputeHash(string previousHash, string canonical) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(previousHash + canonical)));

    /// <summary>The canonical text of an event: fixed field order, camelCase, UTC times.</summary>
    public static string Canonicalize(int seq, string type, DateTimeOffset at, CaseRole actor, object data) =>
        JsonSerializer.Serialize(new CanonicalEvent(seq, type, at, actor, data), OdrJson.Options);

    /// <summary>Appends the pending domain events of every case in the save to its chain.</summary>
    internal static async Task AppendPendingAsync(DomainEventBatch batch, CancellationToken ct)
    {
        var db = batch.Db;
        foreach (var dispute in batch.Cases)
        {
            // The case chain's end is read only for an event that extends it: a chat post (its channel's chain) reads none.
            (int Seq, string Hash)? end = null;
            foreach (var domainEvent in dispute.DomainEvents)
            {
                if (domainEvent is MessagePosted posted)
                {
                    await AppendToChannelAsync(db, posted, ct);
                    continue;
                }
                if (Describe(domainEvent) is not var (type, actor, data))
                {
                    continue;
                }
                if (end is null && batch.IsNew(dispute))
                {
                    end = (0, CaseEvent.GenesisHash);
                }
                if (end is null)
                {
                    var last = await db.CaseEvents.AsNoTracking()
                        .Where(e => e.DisputeId == dispute.Id)
                        .OrderByDescending(e => e.Seq)
                        .Select(e => new { e.Seq, e.Hash })
                        .FirstOrDefaultAsync(ct);
                    end = last is null ? (0, CaseEvent.GenesisHash) : (last.Seq, last.Hash);
                }
                var (seq, previousHash) = end.Value;
                seq++;
                var canonical = Canonicalize(seq, type, domainEvent.OccurredAt, actor, data);
                var hash = ComputeHash(previousHash, canonical);
                db.CaseEvents.Add(new CaseEvent
                {
                    DisputeId = dispute.Id,
                    Seq = seq,
                    Type = type,
                    At = domainEvent.OccurredAt,
                    ActorRole = JsonNamingPolicy.CamelCase.ConvertName(actor.ToString()),
                    Canonical = canonical,
                    PreviousHash = previousHash,
                    Hash = hash,
                });
                end = (seq, hash);
            }
        }
    }

    /// <summary>
    /// Links a message's commitment to its channel's chain. Two writers of one channel collide on the chain's key (and,
    /// on PostgreSQL, wait on the case's row first), so the loser's save fails and the chat service tries again.
    /// </summary>
    private static async Task AppendToChannelAsync(OdrDbContext db, MessagePosted posted, CancellationToken ct)
    {
        var pending = db.ChangeTracker.Entries<ChannelEvent>()
            .Where(e => e.State == EntityState.Added && e.Entity.DisputeId == posted.DisputeId && e.Entity.Channel == posted.Channel)
            .Select(e => e.Entity).MaxBy(e => e.Seq);
        var last = pending is not null
            ? new { pending.Seq, pending.Hash }
            : await db.Set<ChannelEvent>().AsNoTracking()
                .Where(e => e.DisputeId == posted.DisputeId && e.Channel == posted.Channel)
                .OrderByDescending(e => e.Seq)
                .Select(e => new { e.Seq, e.Hash })
                .FirstOrDefaultAsync(ct);
        var seq = (last?.Seq ?? 0) + 1;
        var previousHash = last?.Hash ?? CaseEvent.GenesisHash;
        var canonical = Canonicalize(seq, "messagePosted", posted.OccurredAt, posted.By,
            new { channel = posted.Channel, messageId = posted.MessageId, commitment = posted.Commitment });
        db.Add(new ChannelEvent
        {
            DisputeId = posted.DisputeId,
            Channel = posted.Channel,
            Seq = seq,
            Type = "messagePosted",
            At = posted.OccurredAt,
            ActorRole = JsonNamingPolicy.CamelCase.ConvertName(posted.By.ToString()),
            Canonical = canonical,
            PreviousHash = previousHash,
            Hash = ComputeHash(previousHash, canonical),
        });
    }

    /// <summary>
    /// The history entries a save appends to a case's chain, in their order: for subscribers that derive something from
    /// the history as it grows (they run after <see cref="CaseHistorySubscriber"/>).
    /// </summary>
    public static IEnumerable<CaseEvent> AppendedBy(DomainEventBatch batch, DisputeId caseId) =>
        batch.Db.ChangeTracker.Entries<CaseEvent>()
            .Where(e => e.State == EntityState.Added && e.Entity.DisputeId == caseId)
            .Select(e => e.Entity).OrderBy(e => e.Seq);

    private sealed record CanonicalEvent(int Seq, string Type, DateTimeOffset At, CaseRole ActorRole, object Data);
}

/// <summary>One entry of a case's history as a list shows it (<see cref="CaseHistory.LatestAsync"/>); <c>Chain</c> names a chat channel's chain.</summary>
public sealed record HistoryLine(int Seq, string Type, DateTimeOffset At, string ActorRole, string Hash, string? Chain);

/// <summary>The case history as a reaction to the seam: every event a save raises is chained in the same transaction.</summary>
internal sealed class CaseHistorySubscriber : IDomainEventSubscriber
{
    public Task InTransactionAsync(DomainEventBatch batch, CancellationToken ct) => CaseHistory.AppendPendingAsync(batch, ct);
}
