using System.Runtime.CompilerServices;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Odr.Workflows.Persistence;

namespace Odr.Workflows.Scheduling;

public enum WorkKind
{
    Timers,
    Signals,
    Commands,
}

/// <summary>
/// Lets a commit that added workflow work wake the pollers at once instead of at their next tick. Only a hint:
/// the pollers still find everything by polling the tables.
/// </summary>
public sealed class WorkflowWakeup
{
    private readonly Dictionary<WorkKind, SemaphoreSlim> _signals = Enum.GetValues<WorkKind>().ToDictionary(k => k, _ => new SemaphoreSlim(0, 1));

    public void Nudge(WorkKind kind)
    {
        var semaphore = _signals[kind];
        lock (semaphore)
        {
            if (semaphore.CurrentCount == 0)
            {
                semaphore.Release();
            }
        }
    }

    /// <summary>Waits for a nudge or for <paramref name="interval"/> on <paramref name="time"/>, whichever comes first.</summary>
    public async Task WaitAsync(WorkKind kind, TimeSpan interval, TimeProvider time, CancellationToken ct)
    {
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var nudged = _signals[kind].WaitAsync(linked.Token);
        var tick = Task.Delay(interval, time, linked.Token);
        await Task.WhenAny(nudged, tick);
        await linked.CancelAsync();
        ct.ThrowIfCancellationRequested();
    }
}

/// <summary>
/// Nudges the pollers after a commit that added or changed timers, signals or commands. A save inside an explicit
/// transaction is not visible until the commit, so its nudge waits for <see cref="WorkflowTransactionInterceptor"/>.
/// </summary>
public sealed class WorkflowWakeupInterceptor(WorkflowWakeup wakeup) : SaveChangesInterceptor
{
    internal static readonly ConditionalWeakTable<DbContext, HashSet<WorkKind>> Pending = [];

    public override ValueTask<InterceptionResult<int>> SavingChangesAsync(DbContextEventData eventData, InterceptionResult<int> result,
        CancellationToken cancellationToken = default)
    {
        if (eventData.Context is { } context)
        {
            var added = new HashSet<WorkKind>();
            foreach (var entry in context.ChangeTracker.Entries().Where(e => e.State is EntityState.Added or EntityState.Modified))
            {
                switch (entry.Entity)
                {
                    case WorkflowTimer:
                        added.Add(WorkKind.Timers);
                        break;
                    case WorkflowSignal:
                        added.Add(WorkKind.Signals);
                        break;
                    case WorkflowCommand:
                        added.Add(WorkKind.Commands);
                        break;
                }
            }
            // Only a save with workflow work adds its context to the table: adding takes the table's one lock, which
            // every save of every request would otherwise queue on.
            if (added.Count > 0)
            {
                var kinds = Pending.GetOrCreateValue(context);
                lock (kinds)
                {
                    kinds.UnionWith(added);
                }
            }
        }
        return base.SavingChangesAsync(eventData, result, cancellationToken);
    }

    public override ValueTask<int> SavedChangesAsync(SaveChangesCompletedEventData eventData, int result, CancellationToken cancellationToken = default)
    {
        if (eventData.Context is { } context && context.Database.CurrentTransaction is null)
        {
            Release(context, wakeup);
        }
        return base.SavedChangesAsync(eventData, result, cancellationToken);
    }

    internal static void Release(DbContext context, WorkflowWakeup wakeup)
    {
        if (!Pending.TryGetValue(context, out var kinds))
        {
            return;
        }
        WorkKind[] toNudge;
        lock (kinds)
        {
            toNudge = [.. kinds];
            kinds.Clear();
        }
        foreach (var kind in toNudge)
        {
            wakeup.Nudge(kind);
        }
    }
}

/// <summary>Releases the nudges a transaction's saves held back, once it commits (and drops them on rollback).</summary>
public sealed class WorkflowTransactionInterceptor(WorkflowWakeup wakeup) : DbTransactionInterceptor
{
    public override Task TransactionCommittedAsync(System.Data.Common.DbTransaction transaction, TransactionEndEventData eventData,
        CancellationToken cancellationToken = default)
    {
        if (eventData.Context is { } context)
        {
            WorkflowWakeupInterceptor.Release(context, wakeup);
        }
        return base.TransactionCommittedAsync(transaction, eventData, cancellationToken);
    }

    public override Task TransactionRolledBackAsync(System.Data.Common.DbTransaction transaction, TransactionEndEventData eventData,
        CancellationToken cancellationToken = default)
    {
        if (eventData.Context is { } context && WorkflowWakeupInterceptor.Pending.TryGetValue(context, out var kinds))
        {
            lock (kinds)
            {
                kinds.Clear();
            }
        }
        return base.TransactionRolledBackAsync(transaction, eventData, cancellationToken);
    }
}

public static class WorkflowInterceptors
{
    /// <summary>Adds the interceptors that wake the pollers after commits; call it in AddDbContext's options.</summary>
    public static DbContextOptionsBuilder AddWorkflowWakeups(this DbContextOptionsBuilder options, IServiceProvider services) =>
        options.AddInterceptors(
            Microsoft.Extensions.DependencyInjection.ServiceProviderServiceExtensions.GetRequiredService<WorkflowWakeupInterceptor>(services),
            Microsoft.Extensions.DependencyInjection.ServiceProviderServiceExtensions.GetRequiredService<WorkflowTransactionInterceptor>(services));
}
