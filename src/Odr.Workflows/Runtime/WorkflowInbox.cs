using Microsoft.EntityFrameworkCore;
using Odr.Workflows.Persistence;

namespace Odr.Workflows.Runtime;

/// <summary>
/// Adding signals to an instance's inbox on a given context, for code that writes in the same transaction as its
/// own change (the runtime's <see cref="IWorkflowRuntime.SignalAsync"/> uses it too).
/// </summary>
public static class WorkflowInbox
{
    /// <summary>
    /// The running (or latest) instance for <paramref name="correlationId"/>, including one added but not yet saved; with
    /// <paramref name="onlyTracked"/>, only among those this context tracks (the caller knows none is stored).
    /// </summary>
    public static async Task<Guid?> FindInstanceIdAsync(DbContext db, string correlationId, CancellationToken ct, bool onlyTracked = false)
    {
        var entry = db.ChangeTracker.Entries<WorkflowInstance>().FirstOrDefault(e => e.Entity.CorrelationId == correlationId);
        if (entry is not null || onlyTracked)
        {
            return entry?.Entity.Id;
        }
        return await db.Set<WorkflowInstance>().AsNoTracking().Where(i => i.CorrelationId == correlationId)
            .OrderByDescending(i => i.CreatedAt).Select(i => (Guid?)i.Id).FirstOrDefaultAsync(ct);
    }

    /// <summary>Adds a signal unless one with the same idempotency key exists (saved or pending on this context).</summary>
    public static async Task AddSignalAsync(DbContext db, Guid instanceId, object signal, string idempotencyKey, DateTimeOffset now,
        CancellationToken ct)
    {
        IdempotencyKeys.EnsureFits(idempotencyKey, WorkflowSignal.IdempotencyKeyMaxLength);
        var duplicate = db.ChangeTracker.Entries<WorkflowSignal>().Any(e => e.Entity.IdempotencyKey == idempotencyKey)
            || await db.Set<WorkflowSignal>().AnyAsync(s => s.IdempotencyKey == idempotencyKey, ct);
        if (duplicate)
        {
            return;
        }
        db.Add(new WorkflowSignal
        {
            Id = Guid.CreateVersion7(),
            InstanceId = instanceId,
            Name = Definitions.SignalName.Of(signal.GetType()),
            PayloadJson = WorkflowJson.Serialize(signal),
            IdempotencyKey = idempotencyKey,
            Status = SignalStatus.Pending,
            CreatedAt = now,
        });
    }
}
