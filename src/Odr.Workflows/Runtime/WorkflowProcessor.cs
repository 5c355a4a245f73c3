using System.Collections.Concurrent;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Odr.Workflows.Persistence;
using Odr.Workflows.Scheduling;

namespace Odr.Workflows.Runtime;

/// <summary>
/// Finds due timers, pending signals and pending commands, claims each with a lease (a conditional update that only
/// one node can win) and processes it in a scope of its own. Transitions commit in one transaction guarded by the
/// instance's concurrency token; a lost race is retried from a fresh read. The pollers call it; so can tests.
/// </summary>
public sealed partial class WorkflowProcessor<TContext>(IServiceScopeFactory scopes, WorkflowRegistry registry, TimeProvider time,
    IOptions<WorkflowOptions> options, WorkflowWakeup wakeup, ILogger<WorkflowProcessor<TContext>> logger) : IDisposable where TContext : DbContext
{
    /// <summary>
    /// The lanes (an instance's commands of one type) running on this node now, each with its run; per type at most
    /// <see cref="WorkflowOptions.SlotsFor"/>.
    /// </summary>
    private readonly ConcurrentDictionary<CommandLane, Task> _runningLanes = new();

    /// <summary>One claim of commands at a time on this node, so two never take the same lane's commands side by side.</summary>
    private readonly SemaphoreSlim _commandClaims = new(1, 1);

    private WorkflowOptions Options => options.Value;

    /// <summary>Completes when the commands running on this node now have finished (or given up at their time limit).</summary>
    public Task CommandsRunning => Task.WhenAll(_runningLanes.Values);

    public string NodeId => Options.NodeId;

    /// <summary>Processes everything that is due now, repeatedly, until a round finds nothing. Returns how many items ran.</summary>
    public async Task<int> DrainAsync(CancellationToken ct = default)
    {
        var total = 0;
        for (var round = 0; round < 1000; round++)
        {
            var done = await RunDueTimersAsync(ct) + await RunPendingSignalsAsync(ct) + await RunPendingCommandsAsync(ct);
            if (done == 0)
            {
                return total;
            }
            total += done;
        }
        throw new InvalidOperationException("The workflows did not settle after 1000 rounds: a signal or command loop?");
    }

    /// <summary>A due or pending row and the instance it belongs to.</summary>
    private sealed record WorkItem(Guid Id, Guid InstanceId);

    /// <summary>
    /// The compare-and-swap, for a whole batch in one statement: set our lease on every row that is still claimable, then
    /// read back which rows carry this claim (our node and this lease's end). Exactly one node wins each row.
    /// </summary>
    private async Task<List<WorkItem>> ClaimAsync<T>(List<WorkItem> candidates, System.Linq.Expressions.Expression<Func<T, bool>> claimable,
        CancellationToken ct) where T : class, ILeased
    {
        if (candidates.Count == 0)
        {
            return [];
        }
        var now = time.GetUtcNow();
        // Whole milliseconds, so the value reads back equal on every provider (PostgreSQL keeps microseconds).
        var until = DateTimeOffset.FromUnixTimeMilliseconds((now + Options.LeaseDuration).ToUnixTimeMilliseconds());
        var node = NodeId;
        var ids = candidates.Select(c => c.Id).ToList();
        await using var scope = scopes.CreateAsyncScope();
        var rows = scope.ServiceProvider.GetRequiredService<TContext>().Set<T>();
        var changed = await rows
            .Where(row => ids.Contains(row.Id))
            .Where(claimable)
            .Where(row => row.LeaseUntil == null || row.LeaseUntil < now)
            .ExecuteUpdateAsync(s => s
                .SetProperty(row => row.LeaseOwner, node)
                .SetProperty(row => row.LeaseUntil, until)
                .SetProperty(row => row.Attempts, row => row.Attempts + 1), ct);
        if (changed == 0)
        {
            return [];
        }
        var won = (await rows.AsNoTracking().Where(row => ids.Contains(row.Id) && row.LeaseOwner == node && row.LeaseUntil == until)
            .Select(row => row.Id).ToListAsync(ct)).ToHashSet();
        return candidates.Where(c => won.Contains(c.Id)).ToList();
    }

    /// <summary>
    /// Runs the claimed items in units of <paramref name="instancesPerUnit"/> instances' items, in the order they were
    /// found (so one instance's items stay in order, in one unit); units side by side, up to
    /// <see cref="WorkflowOptions.Concurrency"/> at a time.
    /// </summary>
    private async Task PerInstanceAsync(List<WorkItem> claimed, int instancesPerUnit, Func<List<Guid>, Task> runUnit, CancellationToken ct)
    {
        var units = claimed.GroupBy(c => c.InstanceId).Chunk(Math.Max(1, instancesPerUnit))
            .Select(instances => instances.SelectMany(items => items.Select(c => c.Id)).ToList()).ToList();
        if (Options.Concurrency <= 1 || units.Count <= 1)
        {
            foreach (var unit in units)
            {
                await runUnit(unit);
            }
            return;
        }
        await Parallel.ForEachAsync(units, new ParallelOptions { MaxDegreeOfParallelism = Options.Concurrency, CancellationToken = ct },
            async (unit, _) => await runUnit(unit));
    }

    private async Task WithConflictRetriesAsync(Func<Task> work, string what, CancellationToken ct)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await work();
                return;
            }
            catch (DbUpdateConcurrencyException) when (attempt < Options.ConflictRetries)
            {
                logger.LogDebug("Concurrency conflict on {What}; retrying ({Attempt})", what, attempt);
            }
            catch (DbUpdateConcurrencyException)
            {
                // Leave the lease to expire: the item is retried on a later poll.
                logger.LogWarning("Gave up on {What} after {Attempts} concurrency conflicts; it will be retried", what, attempt);
                return;
            }
            ct.ThrowIfCancellationRequested();
        }
    }

    public void Dispose() => _commandClaims.Dispose();
}
