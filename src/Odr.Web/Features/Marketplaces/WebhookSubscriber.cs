using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Odr.Domain.Common;
using Odr.Domain.Disputes;
using Odr.Domain.Disputes.Events;
using Odr.Web.Features.Disputes;
using Odr.Web.Infrastructure.DomainEvents;

namespace Odr.Web.Features.Marketplaces;

/// <summary>The body of every webhook: <c>{type, timestamp, data}</c> (api.md, "Marketplaces").</summary>
public sealed record WebhookPayload(string Type, DateTimeOffset Timestamp, WebhookCaseData Data);

public sealed record WebhookCaseData(Guid CaseId, string Number, string OrderReference, DisputeStage Stage, DisputeOutcome? Outcome,
    MoneyResponse Amount, IReadOnlyList<Rulings.DocumentResponse> Documents);

/// <summary>
/// The webhooks of a case a marketplace filed: each event the marketplace must hear of becomes a delivery row in the
/// transaction of the change (so it is sent if and only if the change commits), next in the case's queue; the dispatcher
/// is woken once the commit is done.
/// </summary>
internal sealed class WebhookSubscriber(IOptions<Microsoft.AspNetCore.Http.Json.JsonOptions> json, WebhookWakeup wakeup) : IDomainEventSubscriber
{
    /// <summary>The webhook type of a case event, or none.</summary>
    public static string? TypeOf(IDomainEvent domainEvent) => domainEvent switch
    {
        DisputeFiled => "case.filed",
        StageChanged { From: var from, To: var to } when from != to => "case.stageChanged",
        DisputeSettled => "case.settled",
        AwardIssued => "case.awarded",
        AwardAppealed => "case.appealed",
        DisputeClosed => "case.closed",
        _ => null,
    };

    public async Task InTransactionAsync(DomainEventBatch batch, CancellationToken ct)
    {
        foreach (var dispute in batch.Cases.Where(c => c.FiledBy == CaseFiler.Marketplace))
        {
            var typed = dispute.DomainEvents.Select(e => (Event: e, Type: TypeOf(e))).Where(x => x.Type is not null).ToList();
            if (typed.Count == 0 || await MarketplaceOfAsync(batch, dispute.Id, ct) is not { } marketplaceId)
            {
                continue;
            }
            // The case's row is held by this save (LockChangedCasesAsync), so no other writer numbers this queue meanwhile;
            // a case this save inserts has no deliveries yet.
            var seq = batch.IsNew(dispute) ? 0 : await batch.Db.Set<WebhookDelivery>()
                .Where(d => d.MarketplaceId == marketplaceId && d.CaseId == dispute.Id).MaxAsync(d => (int?)d.Seq, ct) ?? 0;
            foreach (var (domainEvent, type) in typed)
            {
                var data = new WebhookCaseData(dispute.Id.Value, dispute.Number.ToString(), dispute.Order.OrderReference,
                    domainEvent is StageChanged changed ? changed.To : dispute.Stage, dispute.Outcome, dispute.Order.AmountPaid.ToResponse(),
                    dispute.Documents.OrderBy(d => d.IssuedAt).Select(Rulings.DocumentEndpoints.ToResponse).ToList());
                batch.Db.Add(new WebhookDelivery
                {
                    Id = Guid.CreateVersion7(),
                    MarketplaceId = marketplaceId,
                    CaseId = dispute.Id,
                    Seq = ++seq,
                    Type = type!,
                    Body = JsonSerializer.Serialize(new WebhookPayload(type!, domainEvent.OccurredAt, data), json.Value.SerializerOptions),
                    Status = WebhookDeliveryStatus.Pending,
                    NextAttemptAt = domainEvent.OccurredAt,
                    CreatedAt = domainEvent.OccurredAt,
                });
            }
        }
    }

    public Task AfterCommitAsync(IReadOnlyList<IDomainEvent> committed, CancellationToken ct)
    {
        if (committed.Any(e => TypeOf(e) is not null))
        {
            wakeup.Nudge();
        }
        return Task.CompletedTask;
    }

    /// <summary>The marketplace that filed the case; its filing record may still be waiting in this very save.</summary>
    private static async Task<Guid?> MarketplaceOfAsync(DomainEventBatch batch, DisputeId caseId, CancellationToken ct) =>
        batch.Db.Set<MarketplaceFiling>().Local.FirstOrDefault(f => f.CaseId == caseId)?.MarketplaceId
        ?? await batch.Db.Set<MarketplaceFiling>().Where(f => f.CaseId == caseId).Select(f => (Guid?)f.MarketplaceId).SingleOrDefaultAsync(ct);
}
