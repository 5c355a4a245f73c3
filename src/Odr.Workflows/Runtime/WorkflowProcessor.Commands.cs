using System.Reflection;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Odr.Workflows.Persistence;
using Odr.Workflows.Scheduling;

namespace Odr.Workflows.Runtime;

// The commands: pending commands claimed and run per instance, with a time limit, retries and the dead letter.
public sealed partial class WorkflowProcessor<TContext> where TContext : DbContext
{
    /// <summary>Claims and runs pending commands (<see cref="StartPendingCommandsAsync"/>), and waits until they have run.</summary>
    public async Task<int> RunPendingCommandsAsync(CancellationToken ct)
    {
        var (claimed, running) = await StartPendingCommandsAsync(ct);
        await running;
        return claimed;
    }

    /// <summary>
    /// Claims pending commands type by type, each type into its own slots (<see cref="WorkflowOptions.SlotsFor"/>): for
    /// every type with due commands, the commands of as many instances as the type has free slots, leaving out the
    /// instances whose commands of that type run here now. Starts each lane (an instance's commands of one type), in
    /// order, without waiting for it: a slow command holds up its own lane and one slot of its own type, never another
    /// type's commands. Returns how many were claimed and a task that completes when they have run. A finished lane wakes
    /// the dispatcher.
    /// </summary>
    public async Task<(int Claimed, Task Running)> StartPendingCommandsAsync(CancellationToken ct)
    {
        await _commandClaims.WaitAsync(ct);
        try
        {
            var now = time.GetUtcNow();
            var running = _runningLanes.Keys.ToList();
            await using var reads = scopes.CreateAsyncScope();
            var db = reads.ServiceProvider.GetRequiredService<TContext>();
            var claimed = 0;
            var runs = new List<Task>();
            foreach (var type in await PendingCommandTypesAsync(db, ct))
            {
                var busy = running.Where(lane => lane.Type == type).Select(lane => lane.InstanceId).ToList();
                var free = Options.SlotsFor(type) - busy.Count;
                if (free <= 0)
                {
                    continue;
                }
                var pending = await db.Set<WorkflowCommand>().AsNoTracking()
                    .Where(c => c.Status == CommandStatus.Pending && c.Type == type && c.NextAttemptAt <= now && (c.LeaseUntil == null || c.LeaseUntil < now))
                    .Where(c => !busy.Contains(c.InstanceId))
                    .OrderBy(c => c.NextAttemptAt).ThenBy(c => c.Id).Select(c => new WorkItem(c.Id, c.InstanceId)).Take(Options.BatchSize).ToListAsync(ct);
                var chosen = pending.GroupBy(c => c.InstanceId).Take(free).SelectMany(instance => instance).ToList();
                var won = await ClaimCommandsAsync(chosen, now, ct);
                claimed += won.Count;
                runs.AddRange(won.GroupBy(c => c.InstanceId).Select(lane => StartLane(new CommandLane(type, lane.Key), lane.Select(c => c.Id).ToList(), ct)));
            }
            return (claimed, Task.WhenAll(runs));
        }
        finally
        {
            _commandClaims.Release();
        }
    }

    /// <summary>
    /// The types of the pending commands, in order, each found by one seek in the (Status, Type, NextAttemptAt) index:
    /// the next type after the last one found. A <c>DISTINCT</c> read every pending row instead, at every poll, and a
    /// catch-up queues tens of thousands (a fifth of the service's CPU in the deadline benchmark, bench/analysis.md).
    /// </summary>
    private static async Task<List<string>> PendingCommandTypesAsync(TContext db, CancellationToken ct)
    {
        var types = new List<string>();
        while (true)
        {
            var pending = db.Set<WorkflowCommand>().AsNoTracking().Where(c => c.Status == CommandStatus.Pending);
            if (types.Count > 0)
            {
                var last = types[^1];
                pending = pending.Where(c => string.Compare(c.Type, last) > 0);
            }
            if (await pending.OrderBy(c => c.Type).Select(c => c.Type).FirstOrDefaultAsync(ct) is not { } next)
            {
                return types;
            }
            types.Add(next);
        }
    }

    /// <summary>
    /// The compare-and-swap for a batch of commands in one statement: our lease on every row still pending and unleased,
    /// and back come the ids that changed (<c>RETURNING</c>), so exactly one node wins each row. On PostgreSQL rows another
    /// node's claim holds at this moment are skipped (<c>FOR UPDATE SKIP LOCKED</c>) instead of waited for; they are
    /// that node's, or due again at the next poll.
    /// </summary>
    private async Task<List<WorkItem>> ClaimCommandsAsync(List<WorkItem> candidates, DateTimeOffset now, CancellationToken ct)
    {
        if (candidates.Count == 0)
        {
            return [];
        }
        // Whole milliseconds, so the value reads back equal on every provider (PostgreSQL keeps microseconds).
        var until = DateTimeOffset.FromUnixTimeMilliseconds((now + Options.LeaseDuration).ToUnixTimeMilliseconds());
        await using var scope = scopes.CreateAsyncScope();
        using var sql = new SetBasedSql(scope.ServiceProvider.GetRequiredService<TContext>());
        var ids = candidates.Select(c => (object?)c.Id).ToList();
        var id = sql.Column<WorkflowCommand>("Id");
        var leaseUntil = sql.Column<WorkflowCommand>("LeaseUntil");
        var notHeldElsewhere = sql.IsPostgres
            ? $" AND {id} IN (SELECT {id} FROM {sql.Table<WorkflowCommand>()} WHERE {sql.In<WorkflowCommand>("Id", ids)} FOR UPDATE SKIP LOCKED)"
            : "";
        var won = (await sql.QueryIdsAsync($"UPDATE {sql.Table<WorkflowCommand>()} SET " +
            $"{sql.Column<WorkflowCommand>("LeaseOwner")} = {sql.Value<WorkflowCommand>("LeaseOwner", NodeId)}, " +
            $"{leaseUntil} = {sql.Value<WorkflowCommand>("LeaseUntil", until)}, " +
            $"{sql.Column<WorkflowCommand>("Attempts")} = {sql.Column<WorkflowCommand>("Attempts")} + 1 " +
            $"WHERE {sql.In<WorkflowCommand>("Id", ids)} " +
            $"AND {sql.ColumnNoIndex<WorkflowCommand>("Status")} = {sql.Value<WorkflowCommand>("Status", CommandStatus.Pending)} " +
            $"AND ({leaseUntil} IS NULL OR {leaseUntil} < {sql.Value<WorkflowCommand>("LeaseUntil", now)}){notHeldElsewhere} " +
            $"RETURNING {id} AS \"Value\"", ct)).ToHashSet();
        return candidates.Where(c => won.Contains(c.Id)).ToList();
    }

    /// <summary>An instance's commands of one type: they run one at a time, in order, in one slot of their type.</summary>
    private readonly record struct CommandLane(string Type, Guid InstanceId);

    private Task StartLane(CommandLane lane, List<Guid> commandIds, CancellationToken ct)
    {
        var finished = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _runningLanes[lane] = finished.Task;
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
                logger.LogError(e, "{Type} commands of workflow {Instance} failed to run; they will be retried when their lease runs out",
                    lane.Type, lane.InstanceId);
            }
            finally
            {
                _runningLanes.TryRemove(lane, out _);
                finished.SetResult();
                wakeup.Nudge(WorkKind.Commands); // a slot is free
            }
        }, CancellationToken.None);
        return finished.Task;
    }

    /// <summary>
    /// Runs one claimed command with its time limit (<see cref="WorkflowOptions.CommandTimeout"/>, never longer than the
    /// lease). At the limit its token is cancelled and the command is recorded as failed (retried, or dead-lettered after
    /// the last attempt) with its claim released, even if the handler ignores its token and keeps running: it is left
    /// behind, and should it try to save later, its save fails, as the command's lease owner (a concurrency token) changed.
    /// A handler whose save lost a race (another type's command of the same case, or a person's action, changed what it
    /// read) is run again at once from a fresh read, up to <see cref="WorkflowOptions.ConflictRetries"/> times, as a
    /// transition that lost a race is: handlers are idempotent, and a lost race is no failed attempt.
    /// </summary>
    private async Task RunCommandAsync(Guid commandId, CancellationToken ct)
    {
        var limit = Options.CommandTimeout < Options.LeaseDuration ? Options.CommandTimeout : Options.LeaseDuration;
        using var overrun = new CancellationTokenSource(limit, time);
        using var cancel = CancellationTokenSource.CreateLinkedTokenSource(ct, overrun.Token);
        for (var run = 1; ; run++)
        {
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
                return;
            }
            catch (Exception e) when (e is DbUpdateConcurrencyException or TargetInvocationException { InnerException: DbUpdateConcurrencyException }
                && run < Options.ConflictRetries && !cancel.IsCancellationRequested)
            {
                logger.LogDebug("Command {Command} lost a concurrency race; running it again from a fresh read ({Run})", commandId, run);
            }
            catch (Exception e) when (!ct.IsCancellationRequested)
            {
                var failure = overrun.IsCancellationRequested ? new TimeoutException($"The command ran longer than its time limit of {limit}.") : e;
                // Another lane of the instance may journal at the same moment: a lost race is recorded again from a fresh read.
                await WithConflictRetriesAsync(() => RecordCommandFailureAsync(commandId, failure, ct), $"the failure of command {commandId}", ct);
                return;
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
        await using (var transaction = await db.Database.BeginTransactionAsync(ct))
        {
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

    private static string Truncate(string text, int length) => text.Length <= length ? text : text[..length];
}
