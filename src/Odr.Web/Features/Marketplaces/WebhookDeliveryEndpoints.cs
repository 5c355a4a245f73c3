using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Odr.Web.Infrastructure;

namespace Odr.Web.Features.Marketplaces;

public sealed record WebhookAttemptView(DateTimeOffset At, int? StatusCode, string? Error, int DurationMs);

public sealed record WebhookDeliveryView(Guid Id, string WebhookId, Guid CaseId, int Seq, string Type, WebhookDeliveryStatus Status,
    int Attempts, DateTimeOffset? NextAttemptAt, DateTimeOffset? DeliveredAt, string? LastError, DateTimeOffset CreatedAt,
    IReadOnlyList<WebhookAttemptView> AttemptLog, string? Marketplace = null);

/// <summary>The delivery log: a marketplace's own deliveries, and for admins the dead letters of all; both may redeliver.</summary>
public static class WebhookDeliveryEndpoints
{
    public const int MaxListed = 100;

    public static IEndpointRouteBuilder MapWebhookDeliveries(this IEndpointRouteBuilder app)
    {
        var own = app.MapGroup("/api/marketplace/webhook-deliveries").WithTags("Marketplaces")
            .RequireAuthorization(MarketplacesFeature.PolicyFor(MarketplaceScopes.ReadWebhooks));
        own.MapGet("", async Task<Results<Ok<List<WebhookDeliveryView>>, UnauthorizedHttpResult>> (HttpContext http, OdrDbContext db,
                CancellationToken ct, Guid? caseId = null) =>
                await MarketplaceEndpoints.CurrentAsync(http.User, db, ct) is { } marketplace
                    ? TypedResults.Ok(await ListAsync(db, marketplace.Id, caseId, deadLetteredOnly: false, ct))
                    : TypedResults.Unauthorized())
            .WithName("ListWebhookDeliveries").WithSummary($"This marketplace's latest {MaxListed} webhook deliveries with their attempts (optionally one case's).");
        own.MapPost("{id:guid}/redeliver", async Task<Results<NoContent, NotFound, UnauthorizedHttpResult>> (Guid id, HttpContext http,
                OdrDbContext db, TimeProvider time, WebhookWakeup wakeup, CancellationToken ct) =>
            {
                if (await MarketplaceEndpoints.CurrentAsync(http.User, db, ct) is not { } marketplace)
                {
                    return TypedResults.Unauthorized();
                }
                return await RedeliverAsync(db, id, marketplace.Id, time.GetUtcNow(), wakeup, ct) ? TypedResults.NoContent() : TypedResults.NotFound();
            })
            .WithName("RedeliverWebhook").DisableAntiforgery()
            .WithSummary("Send a delivery again (same webhook-id and body) with a fresh 24 hours of retries.");

        var admin = app.MapGroup("/api/admin/marketplaces/webhook-deliveries").WithTags("Admin").RequireAuthorization(MarketplacesFeature.AdminPolicy);
        admin.MapGet("dead-letters", async (OdrDbContext db, CancellationToken ct) =>
                TypedResults.Ok(await ListAsync(db, marketplaceId: null, caseId: null, deadLetteredOnly: true, ct)))
            .WithName("ListWebhookDeadLetters").WithSummary("Deliveries no receiver took within 24 hours, every marketplace's.");
        admin.MapPost("{id:guid}/redeliver", async Task<Results<NoContent, NotFound>> (Guid id, OdrDbContext db, TimeProvider time,
                WebhookWakeup wakeup, CancellationToken ct) =>
                await RedeliverAsync(db, id, marketplaceId: null, time.GetUtcNow(), wakeup, ct) ? TypedResults.NoContent() : TypedResults.NotFound())
            .WithName("AdminRedeliverWebhook");
        return app;
    }

    /// <summary>The latest deliveries, newest first, with their attempts: one marketplace's or all, every status or only dead letters.</summary>
    public static async Task<List<WebhookDeliveryView>> ListAsync(OdrDbContext db, Guid? marketplaceId, Guid? caseId, bool deadLetteredOnly,
        CancellationToken ct)
    {
        var query = db.Set<WebhookDelivery>().AsNoTracking();
        if (marketplaceId is { } own)
        {
            query = query.Where(d => d.MarketplaceId == own);
        }
        if (caseId is { } onlyCase)
        {
            var id = new Domain.Disputes.DisputeId(onlyCase);
            query = query.Where(d => d.CaseId == id);
        }
        if (deadLetteredOnly)
        {
            query = query.Where(d => d.Status == WebhookDeliveryStatus.DeadLettered);
        }
        var deliveries = await query.OrderByDescending(d => d.CreatedAt).ThenByDescending(d => d.Seq).Take(MaxListed)
            .Join(db.Set<Marketplace>(), d => d.MarketplaceId, m => m.Id, (d, m) => new { Delivery = d, m.Name })
            .ToListAsync(ct);
        var ids = deliveries.Select(d => d.Delivery.Id).ToList();
        var attempts = (await db.Set<WebhookAttempt>().AsNoTracking().Where(a => ids.Contains(a.DeliveryId)).ToListAsync(ct))
            .OrderBy(a => a.At).ToLookup(a => a.DeliveryId);
        return deliveries.Select(x => x.Delivery).Zip(deliveries.Select(x => x.Name)).Select(pair =>
        {
            var (d, name) = pair;
            return new WebhookDeliveryView(d.Id, d.WebhookId, d.CaseId.Value, d.Seq, d.Type, d.Status, d.Attempts,
                d.Status == WebhookDeliveryStatus.Pending ? d.NextAttemptAt : null, d.DeliveredAt, d.LastError, d.CreatedAt,
                attempts[d.Id].Select(a => new WebhookAttemptView(a.At, a.StatusCode, a.Error, a.DurationMs)).ToList(),
                marketplaceId is null ? name : null);
        }).ToList();
    }

    /// <summary>
    /// Queues a delivery again, same id and body, with a fresh 24 hours of retries; it takes its place in its case's order.
    /// False when there is no such delivery (of this marketplace), or it is still on its way.
    /// </summary>
    public static async Task<bool> RedeliverAsync(OdrDbContext db, Guid id, Guid? marketplaceId, DateTimeOffset now, WebhookWakeup wakeup,
        CancellationToken ct)
    {
        var delivery = await db.Set<WebhookDelivery>().SingleOrDefaultAsync(d => d.Id == id
            && (marketplaceId == null || d.MarketplaceId == marketplaceId), ct);
        if (delivery is null || delivery.Status == WebhookDeliveryStatus.Pending)
        {
            return delivery is not null; // already queued: nothing to do
        }
        delivery.Status = WebhookDeliveryStatus.Pending;
        delivery.NextAttemptAt = now;
        delivery.FirstAttemptAt = null;
        delivery.LeaseOwner = null;
        delivery.LeaseUntil = null;
        await db.SaveChangesAsync(ct);
        wakeup.Nudge();
        return true;
    }
}
