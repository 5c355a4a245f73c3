using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Odr.Workflows.Persistence;
using Odr.Workflows.Scheduling;

namespace Odr.Workflows.Runtime;

// The timers: due timers fired set-based, a failed batch again one instance at a time.
public sealed partial class WorkflowProcessor<TContext> where TContext : DbContext
{
    /// <summary>
    /// Fires the due timers found by one poll, set-based (<see cref="TimerBatch"/>): the timers of up to
    /// <see cref="WorkflowOptions.TimersPerTransaction"/> instances per transaction, transactions side by side up to
    /// <see cref="WorkflowOptions.Concurrency"/>. A batch that fails is rolled back whole and its instances' timers are
    /// fired again one instance at a time, so one bad instance never holds up the rest.
    /// </summary>
    public async Task<int> RunDueTimersAsync(CancellationToken ct)
    {
        var now = time.GetUtcNow();
        List<DueTimer> due;
        await using (var scope = scopes.CreateAsyncScope())
        {
            due = await scope.ServiceProvider.GetRequiredService<TContext>().Set<WorkflowTimer>().AsNoTracking()
                .Where(t => t.Status == TimerStatus.Pending && t.DueAt <= now && (t.LeaseUntil == null || t.LeaseUntil < now))
                .OrderBy(t => t.DueAt).Take(Options.BatchSize)
                .Select(t => new DueTimer(t.Id, t.InstanceId, t.Name, t.Step, t.DueAt)).ToListAsync(ct);
        }
        var batches = due.GroupBy(t => t.InstanceId).Chunk(Math.Max(1, Options.TimersPerTransaction))
            .Select(instances => instances.SelectMany(timers => timers).ToList()).ToList();
        var fired = 0;
        await Parallel.ForEachAsync(batches, new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, Options.Concurrency), CancellationToken = ct },
            async (batch, _) => Interlocked.Add(ref fired, await FireBatchAsync(batch, ct)));
        return fired;
    }

    private async Task<int> FireBatchAsync(List<DueTimer> batch, CancellationToken ct)
    {
        if (batch.Select(t => t.InstanceId).Distinct().Skip(1).Any())
        {
            try
            {
                return await FireAndNudgeAsync(batch, ct);
            }
            catch (Exception e) when (!ct.IsCancellationRequested)
            {
                logger.LogWarning(e, "A batch of {Count} timers failed and was rolled back; firing its instances' timers one instance at a time", batch.Count);
            }
        }
        var fired = 0;
        foreach (var instance in batch.GroupBy(t => t.InstanceId))
        {
            try
            {
                await WithConflictRetriesAsync(async () => fired += await FireAndNudgeAsync(instance.ToList(), ct), $"timers of {instance.Key}", ct);
            }
            catch (Exception e) when (!ct.IsCancellationRequested)
            {
                logger.LogError(e, "The due timers of workflow {Instance} failed to fire; they stay due and are tried again at the next poll", instance.Key);
            }
        }
        return fired;
    }

    private async Task<int> FireAndNudgeAsync(List<DueTimer> batch, CancellationToken ct)
    {
        FiredBatch result;
        await using (var scope = scopes.CreateAsyncScope())
        {
            result = await TimerBatch.FireAsync(scope.ServiceProvider.GetRequiredService<TContext>(), registry, NodeId, batch, time.GetUtcNow(), ct);
        }
        // The statements were not tracked changes, so the commit-time interceptor did not see them: wake the pollers here.
        if (result.AddedCommands)
        {
            wakeup.Nudge(WorkKind.Commands);
        }
        if (result.EarliestNewTimer is { } earliest && earliest <= time.GetUtcNow() + Options.PollInterval)
        {
            wakeup.Nudge(WorkKind.Timers);
        }
        return result.Fired;
    }
}
