using System.Collections.Concurrent;
using System.Reflection;
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
public sealed class WorkflowProcessor<TContext>(IServiceScopeFactory scopes, WorkflowRegistry registry, TimeProvider time,
    IOptions<WorkflowOptions> options, WorkflowWakeup wakeup, ILogger<WorkflowProcessor<TContext>> logger) : IDisposable where TContext : DbContext
{
    /// <summary>The instances whose commands run on this node now, each with its run; at most <see cref="WorkflowOptions.Concurrency"/>.</summary>
    private readonly ConcurrentDictionary<Guid, Task> _runningInstances = new();

    /// <summary>One claim of commands at a time on this node, so two never take the same instance's commands side by side.</summary>
    private readonly SemaphoreSlim _commandClaims = new(1, 1);

    private WorkflowOptions Options => options.Value;

    /// <summary>Completes when the commands running on this node now have finished (or given up at their time limit).</summary>
    public Task CommandsRunning => Task.WhenAll(_runningInstances.Values);

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

    /// <summary>Claims and runs pending commands (<see cref="StartPendingCommandsAsync"/>), and waits until they have run.</summary>
    public async Task<int> RunPendingCommandsAsync(CancellationToken ct)
    {
        var (claimed, running) = await StartPendingCommandsAsync(ct);
        await running;
        return claimed;
    }

    /// <summary>
    /// Claims the pending commands of as many instances as there are free places (<see cref="WorkflowOptions.Concurrency"/>
    /// less the instances whose commands run here now, which are left out) and starts each instance's commands, in order,
    /// without waiting for them: a slow command holds up its own instance and one place, never the other instances' work.
    /// Returns how many were claimed and a task that completes when they have run. A finished instance wakes the dispatcher.
    /// </summary>
    public async Task<(int Claimed, Task Running)> StartPendingCommandsAsync(CancellationToken ct)
    {
        await _commandClaims.WaitAsync(ct);
        try
        {
            var free = Math.Max(1, Options.Concurrency) - _runningInstances.Count;
            if (free <= 0)
            {
                return (0, Task.CompletedTask);
            }
            var now = time.GetUtcNow();
            var busy = _runningInstances.Keys.ToList();
            List<WorkItem> pending;
            await using (var scope = scopes.CreateAsyncScope())
            {
                pending = await scope.ServiceProvider.GetRequiredService<TContext>().Set<WorkflowCommand>().AsNoTracking()
                    .Where(c => c.Status == CommandStatus.Pending && c.NextAttemptAt <= now && (c.LeaseUntil == null || c.LeaseUntil < now))
                    .Where(c => !busy.Contains(c.InstanceId))
                    .OrderBy(c => c.NextAttemptAt).ThenBy(c => c.Id).Select(c => new WorkItem(c.Id, c.InstanceId)).Take(Options.BatchSize).ToListAsync(ct);
            }
            var chosen = pending.GroupBy(c => c.InstanceId).Take(free).SelectMany(instance => instance).ToList();
            var claimed = await ClaimAsync<WorkflowCommand>(chosen, c => c.Status == CommandStatus.Pending, ct);
            var runs = claimed.GroupBy(c => c.InstanceId).Select(instance => StartInstanceCommands(instance.Key, instance.Select(c => c.Id).ToList(), ct)).ToList();
            return (claimed.Count, Task.WhenAll(runs));
        }
        finally
        {
            _commandClaims.Release();
        }
    }

    private Task StartInstanceCommands(Guid instanceId, List<Guid> commandIds, CancellationToken ct)
    {
        var finished = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _runningInstances[instanceId] = finished.Task;
        _ = Task.Run(async () =>
        {
            try
            {
                foreach (var id in commandIds)
                {
                    await RunCommandAsync(id, ct);
                }
            }
            catch (OperationCanceledException) when (ct.IsCancellationRequested)
            {
                // Stopping: what did not finish keeps its lease until it runs out, then runs again.
            }
            catch (Exception e)
            {
                logger.LogError(e, "Commands of workflow {Instance} failed to run; they will be retried when their lease runs out", instanceId);
            }
            finally
            {
                _runningInstances.TryRemove(instanceId, out _);
                finished.SetResult();
                wakeup.Nudge(WorkKind.Commands); // a place is free
            }
        }, CancellationToken.None);
        return finished.Task;
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

    /// <summary>
    /// Runs one claimed command with its time limit (<see cref="WorkflowOptions.CommandTimeout"/>, never longer than the
    /// lease). At the limit its token is cancelled and the command is recorded as failed (retried, or dead-lettered after
    /// the last attempt) with its claim released, even if the handler ignores its token and keeps running: it is left
    /// behind, and should it try to save later, its save fails, as the command's lease owner (a concurrency token) changed.
    /// </summary>
    private async Task RunCommandAsync(Guid commandId, CancellationToken ct)
    {
        var limit = Options.CommandTimeout < Options.LeaseDuration ? Options.CommandTimeout : Options.LeaseDuration;
        using var overrun = new CancellationTokenSource(limit, time);
        using var cancel = CancellationTokenSource.CreateLinkedTokenSource(ct, overrun.Token);
        var scope = scopes.CreateAsyncScope();
        Task? handling = null;
        try
        {
            var db = scope.ServiceProvider.GetRequiredService<TContext>();
            var command = await db.Set<WorkflowCommand>().SingleAsync(c => c.Id == commandId, cancel.Token);
            if (command.Status != CommandStatus.Pending || command.LeaseOwner != NodeId)
            {
                return;
            }
            var type = registry.MessageType(command.Type);
            var payload = WorkflowJson.Deserialize(command.PayloadJson, type);
            // Marked done on the handler's own context: if the handler saves, its effects and this commit together.
            command.Status = CommandStatus.Done;
            command.CompletedAt = time.GetUtcNow();
            command.LeaseUntil = null;
            var invoke = InvokeMethod.MakeGenericMethod(type);
            handling = (Task)invoke.Invoke(null, [scope.ServiceProvider, payload, new CommandContext(command.InstanceId, command.IdempotencyKey, command.Attempts), cancel.Token])!;
            await handling.WaitAsync(cancel.Token);
            await db.SaveChangesAsync(cancel.Token);
        }
        catch (Exception e) when (!ct.IsCancellationRequested)
        {
            var failure = overrun.IsCancellationRequested ? new TimeoutException($"The command ran longer than its time limit of {limit}.") : e;
            await RecordCommandFailureAsync(commandId, failure, ct);
        }
        finally
        {
            if (handling is { IsCompleted: false })
            {
                // The scope (the handler's DbContext) stays the handler's until it returns.
                _ = handling.ContinueWith(_ => scope.DisposeAsync().AsTask(), CancellationToken.None, TaskContinuationOptions.None, TaskScheduler.Default).Unwrap();
            }
            else
            {
                await scope.DisposeAsync();
            }
        }
    }

    private static readonly MethodInfo InvokeMethod =
        typeof(WorkflowProcessor<TContext>).GetMethod(nameof(InvokeHandlerAsync), BindingFlags.NonPublic | BindingFlags.Static)!;

    private static Task InvokeHandlerAsync<TCommand>(IServiceProvider services, TCommand command, CommandContext context, CancellationToken ct)
        where TCommand : class =>
        services.GetRequiredService<ICommandHandler<TCommand>>().HandleAsync(command, context, ct);

    private static readonly MethodInfo DeadLetterMethod =
        typeof(WorkflowProcessor<TContext>).GetMethod(nameof(TellDeadLetterHandlerAsync), BindingFlags.NonPublic | BindingFlags.Static)!;

    private static Task TellDeadLetterHandlerAsync<TCommand>(IServiceProvider services, TCommand command, CommandContext context, string error,
        CancellationToken ct) where TCommand : class =>
        services.GetService<ICommandDeadLetterHandler<TCommand>>()?.OnDeadLetteredAsync(command, context, error, ct) ?? Task.CompletedTask;

    private async Task RecordCommandFailureAsync(Guid commandId, Exception error, CancellationToken ct)
    {
        var failure = error is TargetInvocationException { InnerException: { } inner } ? inner : error;
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<TContext>();
        var command = await db.Set<WorkflowCommand>().SingleAsync(c => c.Id == commandId, ct);
        if (command.LeaseOwner != NodeId)
        {
            return;
        }
        var now = time.GetUtcNow();
        var deadLetter = command.Attempts >= Options.MaxCommandAttempts || failure is PermanentCommandFailureException;
        var delay = TimeSpan.FromSeconds(Math.Min(Options.MaxRetryDelay.TotalSeconds, Math.Pow(2, command.Attempts)));
        command.Status = deadLetter ? CommandStatus.DeadLettered : CommandStatus.Pending;
        command.CompletedAt = null;
        command.NextAttemptAt = now + delay;
        command.LeaseOwner = null;
        command.LeaseUntil = null;
        command.LastError = Truncate($"{failure.GetType().Name}: {failure.Message}", 2000);
        var instance = await db.Set<WorkflowInstance>().SingleAsync(i => i.Id == command.InstanceId, ct);
        try
        {
            await using var transaction = await db.Database.BeginTransactionAsync(ct);
            await WorkflowApplier.LockAsync(db, instance, ct);
            WorkflowApplier.Journal(db, instance, now, deadLetter ? HistoryKind.CommandDeadLettered : HistoryKind.CommandFailed, null, null,
                $"{command.Type} #{command.Seq} attempt {command.Attempts}: {command.LastError}");
            if (deadLetter)
            {
                // What the dead letter means is saved with it, in this transaction, before anyone is told.
                var type = registry.MessageType(command.Type);
                await (Task)DeadLetterMethod.MakeGenericMethod(type).Invoke(null, [scope.ServiceProvider,
                    WorkflowJson.Deserialize(command.PayloadJson, type), new CommandContext(command.InstanceId, command.IdempotencyKey, command.Attempts),
                    command.LastError, ct])!;
            }
            WorkflowApplier.Touch(instance, now);
            await db.SaveChangesAsync(ct);
            await transaction.CommitAsync(ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            // The instance moved on meanwhile; the lease will expire and the command is retried then.
        }
        if (deadLetter)
        {
            logger.LogError(failure, "Command {Type} #{Seq} of workflow {Instance} dead-lettered after {Attempts} attempts",
                command.Type, command.Seq, command.InstanceId, command.Attempts);
        }
        else
        {
            logger.LogWarning(failure, "Command {Type} #{Seq} of workflow {Instance} failed (attempt {Attempts}); retrying in {Delay}",
                command.Type, command.Seq, command.InstanceId, command.Attempts, delay);
        }
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

    private static string Truncate(string text, int length) => text.Length <= length ? text : text[..length];
}
