using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Odr.Workflows.Persistence;

namespace Odr.Workflows.Runtime;

// The signals: pending signals claimed and delivered to their instances, in order.
public sealed partial class WorkflowProcessor<TContext> where TContext : DbContext
{
    public async Task<int> RunPendingSignalsAsync(CancellationToken ct)
    {
        var now = time.GetUtcNow();
        List<WorkItem> pending;
        await using (var scope = scopes.CreateAsyncScope())
        {
            pending = await scope.ServiceProvider.GetRequiredService<TContext>().Set<WorkflowSignal>().AsNoTracking()
                .Where(s => s.Status == SignalStatus.Pending && (s.LeaseUntil == null || s.LeaseUntil < now))
                .OrderBy(s => s.CreatedAt).ThenBy(s => s.Id).Select(s => new WorkItem(s.Id, s.InstanceId)).Take(Options.BatchSize).ToListAsync(ct);
        }
        var claimed = await ClaimAsync<WorkflowSignal>(pending, s => s.Status == SignalStatus.Pending, ct);
        await PerInstanceAsync(claimed, 1, async ids =>
        {
            foreach (var id in ids)
            {
                await WithConflictRetriesAsync(() => ProcessSignalAsync(id, ct), $"signal {id}", ct);
            }
        }, ct);
        return claimed.Count;
    }

    private async Task ProcessSignalAsync(Guid signalId, CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<TContext>();
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        var signal = await db.Set<WorkflowSignal>().SingleAsync(s => s.Id == signalId, ct);
        if (signal.Status != SignalStatus.Pending || signal.LeaseOwner != NodeId)
        {
            return;
        }
        var now = time.GetUtcNow();
        var instance = await db.Set<WorkflowInstance>().SingleAsync(i => i.Id == signal.InstanceId, ct);
        await WorkflowApplier.LockAsync(db, instance, ct);
        var handled = false;
        if (instance.Status == WorkflowStatus.Running)
        {
            var definition = registry.Get(instance.DefinitionName, instance.DefinitionVersion);
            var state = WorkflowJson.Deserialize(instance.StateJson, definition.StateType);
            var payload = WorkflowJson.Deserialize(signal.PayloadJson, registry.MessageType(signal.Name));
            var result = definition.Run(instance.CurrentStep, state, new Trigger(TriggerKind.Signal, signal.Name, payload), now);
            await WorkflowApplier.ApplyAsync(db, instance, result, now, HistoryKind.Signal, signal.Name, null, ct);
            handled = result.Handled;
        }
        else
        {
            WorkflowApplier.Journal(db, instance, now, HistoryKind.SignalIgnored, instance.CurrentStep, null, $"{signal.Name} after the workflow ended");
            WorkflowApplier.Touch(instance, now);
        }
        // A signal the current step does not handle is recorded and set aside; it never blocks the inbox.
        signal.Status = handled ? SignalStatus.Processed : SignalStatus.Ignored;
        signal.ProcessedAt = now;
        await db.SaveChangesAsync(ct);
        await transaction.CommitAsync(ct);
    }
}
