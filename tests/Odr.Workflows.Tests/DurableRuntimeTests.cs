using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Odr.Workflows.Persistence;
using Odr.Workflows.Runtime;
using Odr.Workflows.Scheduling;
using Microsoft.Extensions.Time.Testing;

namespace Odr.Workflows.Tests;

/// <summary>The runtime on a real database (SQLite, or PostgreSQL in the test command's second run): restarts, two nodes racing, conflicts, retries, the inbox.</summary>
public sealed class DurableRuntimeTests : IDisposable
{
    private static readonly DateTimeOffset Start = new(2026, 11, 2, 9, 0, 0, TimeSpan.Zero);
    private readonly string _directory;
    private readonly TestDatabase _database;
    private readonly FakeTimeProvider _clock = new(Start);
    private readonly CommandLog _log = new();

    public DurableRuntimeTests()
    {
        _directory = Directory.CreateTempSubdirectory("odr-wf-").FullName;
        _database = TestDatabase.Create(_directory);
    }

    [Fact]
    public async Task Start_WritesTheInstanceAndItsTimersInTheCallersTransaction()
    {
        await using var node = await ParcelNode.StartAsync(_database, _clock, _log, "node-a");
        var id = await node.StartParcelAsync("P-1");

        var instance = await node.QueryAsync(db => db.Set<WorkflowInstance>().SingleAsync(i => i.Id == id));
        Assert.Equal(("parcel", 1, "waiting", WorkflowStatus.Running), (instance.DefinitionName, instance.DefinitionVersion, instance.CurrentStep, instance.Status));
        Assert.Equal(new ParcelWorkflow().Hash, instance.DefinitionHash);
        var timers = await node.QueryAsync(db => db.Set<WorkflowTimer>().Where(t => t.InstanceId == id).ToListAsync());
        Assert.Equal(["deadline", "reminder"], timers.Select(t => t.Name).Order());
        Assert.All(timers, t => Assert.Equal(TimerStatus.Pending, t.Status));
        Assert.Equal(0, await node.Processor.DrainAsync());
    }

    [Fact]
    public async Task ARestartBetweenCreationAndDueTime_FiresTheTimerExactlyOnce()
    {
        Guid id;
        await using (var first = await ParcelNode.StartAsync(_database, _clock, _log, "node-a", runPollers: true))
        {
            id = await first.StartParcelAsync("P-restart");
            _clock.Advance(TimeSpan.FromDays(1));
        }

        _clock.Advance(TimeSpan.FromDays(10)); // the service was down past both timers
        await using var second = await ParcelNode.StartAsync(_database, _clock, _log, "node-b", runPollers: true);
        await WaitUntilAsync(() => _log.Runs.Count(r => r.Type == nameof(Escalate)) == 1 && _log.Runs.Count(r => r.Type == nameof(Remind)) == 1);
        await Task.Delay(300); // time for a duplicate, if there were one, to show
        _clock.Advance(TimeSpan.FromSeconds(5));
        await second.Processor.DrainAsync();

        Assert.Single(_log.Runs, r => r.Type == nameof(Escalate));
        Assert.Single(_log.Runs, r => r.Type == nameof(Remind));
        var fired = await second.QueryAsync(db => db.Set<WorkflowHistoryEntry>().CountAsync(h => h.InstanceId == id && h.Kind == HistoryKind.TimerFired));
        Assert.Equal(2, fired); // the reminder and the deadline, each once
        var instance = await second.QueryAsync(db => db.Set<WorkflowInstance>().SingleAsync(i => i.Id == id));
        Assert.Equal(("escalated", WorkflowStatus.Running), (instance.CurrentStep, instance.Status));
        // The escalated step's own deadline counts from when the late timer fired, after the restart.
        var next = await second.QueryAsync(db => db.Set<WorkflowTimer>().SingleAsync(t => t.InstanceId == id && t.Status == TimerStatus.Pending));
        Assert.Equal(Start.AddDays(11).AddDays(3), next.DueAt);
    }

    [Fact]
    public async Task TwoNodesRacingOverTheSameDueTimers_FireEachOnce()
    {
        const int parcels = 40;
        await using var a = await ParcelNode.StartAsync(_database, _clock, _log, "node-a");
        await using var b = await ParcelNode.StartAsync(_database, _clock, _log, "node-b");
        var ids = new List<Guid>();
        for (var i = 0; i < parcels; i++)
        {
            ids.Add(await (i % 2 == 0 ? a : b).StartParcelAsync($"P-{i}"));
        }
        _clock.Advance(TimeSpan.FromDays(7)); // reminder and deadline of every parcel are due

        await Task.WhenAll(Task.Run(() => a.Processor.DrainAsync()), Task.Run(() => b.Processor.DrainAsync()),
            Task.Run(() => a.Processor.DrainAsync()), Task.Run(() => b.Processor.DrainAsync()));

        var transitions = await a.QueryAsync(db => db.Set<WorkflowHistoryEntry>()
            .Where(h => h.Kind == HistoryKind.Transition && h.ToStep == "escalated").GroupBy(h => h.InstanceId).Select(g => g.Count()).ToListAsync());
        Assert.Equal(parcels, transitions.Count);
        Assert.All(transitions, count => Assert.Equal(1, count));
        var commands = await a.QueryAsync(db => db.Set<WorkflowCommand>().ToListAsync());
        Assert.Equal(parcels * 2, commands.Count);
        Assert.All(commands, c => Assert.Equal(CommandStatus.Done, c.Status));
        Assert.Equal(parcels, _log.Runs.Count(r => r.Type == nameof(Escalate)));
        Assert.Equal(parcels * 2, _log.Runs.Select(r => r.Key).Distinct().Count());
        var firedPerTimer = await a.QueryAsync(db => db.Set<WorkflowHistoryEntry>().CountAsync(h => h.Kind == HistoryKind.TimerFired));
        Assert.Equal(parcels * 2, firedPerTimer);
    }

    [Fact]
    public async Task AGroupOfTimersMeetingAnInstanceThatMovedMeanwhile_FiresEachTimerOnceAlone()
    {
        // Between reading a group's timers and instances and beginning its transaction, another node commits a change to
        // one of the instances: the group's save fails on that instance's version, and each timer is fired on its own.
        var elsewhere = new CommitElsewhereBeforeTheFirstTransaction(_database);
        await using var node = await ParcelNode.StartAsync(_database, _clock, _log, "node-a", interceptor: elsewhere);
        var ids = new[] { await node.StartParcelAsync("P-group-1"), await node.StartParcelAsync("P-group-2") };
        elsewhere.InstanceId = ids[0];
        _clock.Advance(TimeSpan.FromDays(5)); // both reminders are due, and fire in one group

        Assert.Equal(2, await node.Processor.RunDueTimersAsync(CancellationToken.None));
        await node.Processor.DrainAsync();

        Assert.True(elsewhere.Committed);
        var fired = await node.QueryAsync(db => db.Set<WorkflowHistoryEntry>().Where(h => h.Kind == HistoryKind.TimerFired)
            .GroupBy(h => h.InstanceId).Select(g => new { g.Key, Count = g.Count() }).ToListAsync());
        Assert.Equal(ids.Order(), fired.Select(f => f.Key).Order());
        Assert.All(fired, f => Assert.Equal(1, f.Count));
        Assert.Equal(2, _log.Runs.Count(r => r.Type == nameof(Remind)));
    }

    /// <summary>Once armed with an instance, bumps its version from another connection before the next transaction begins.</summary>
    private sealed class CommitElsewhereBeforeTheFirstTransaction(TestDatabase database) : DbTransactionInterceptor
    {
        public Guid? InstanceId { get; set; }

        public bool Committed { get; private set; }

        public override async ValueTask<InterceptionResult<System.Data.Common.DbTransaction>> TransactionStartingAsync(System.Data.Common.DbConnection connection,
            TransactionStartingEventData eventData, InterceptionResult<System.Data.Common.DbTransaction> result, CancellationToken cancellationToken = default)
        {
            if (InstanceId is { } id && !Committed)
            {
                Committed = true;
                await using var other = database.NewConnection();
                await other.OpenAsync(cancellationToken);
                await using var bump = other.CreateCommand();
                bump.CommandText = "UPDATE \"WorkflowInstances\" SET \"Version\" = \"Version\" + 1 WHERE \"Id\" = @id;";
                var parameter = bump.CreateParameter();
                parameter.ParameterName = "@id";
                parameter.Value = database.Key(id);
                bump.Parameters.Add(parameter);
                Assert.Equal(1, await bump.ExecuteNonQueryAsync(cancellationToken));
            }
            return result;
        }
    }

    [Fact]
    public async Task ASignalAndATimerArrivingTogether_BothApplyOneAfterTheOther()
    {
        await using var a = await ParcelNode.StartAsync(_database, _clock, _log, "node-a");
        await using var b = await ParcelNode.StartAsync(_database, _clock, _log, "node-b");
        var id = await a.StartParcelAsync("P-race");
        _clock.Advance(TimeSpan.FromDays(5)); // the reminder is due
        await a.SignalAsync(id, new Note("called the courier"), "note-1");

        await Task.WhenAll(Task.Run(() => a.Processor.RunDueTimersAsync(CancellationToken.None)),
            Task.Run(() => b.Processor.RunPendingSignalsAsync(CancellationToken.None)));
        await a.Processor.DrainAsync();

        var instance = await a.QueryAsync(db => db.Set<WorkflowInstance>().SingleAsync(i => i.Id == id));
        var state = System.Text.Json.JsonSerializer.Deserialize<ParcelState>(instance.StateJson, Runtime.WorkflowJson.Options)!;
        Assert.Equal("called the courier", state.LastNote);
        Assert.Single(_log.Runs, r => r.Type == nameof(Remind));
        var kinds = await a.QueryAsync(db => db.Set<WorkflowHistoryEntry>().Where(h => h.InstanceId == id).OrderBy(h => h.Seq).Select(h => h.Kind).ToListAsync());
        Assert.Contains(HistoryKind.Signal, kinds);
        Assert.Contains(HistoryKind.TimerFired, kinds);
        Assert.Equal(kinds.Count, (await a.QueryAsync(db => db.Set<WorkflowHistoryEntry>().Where(h => h.InstanceId == id).Select(h => h.Seq).Distinct().CountAsync())));
    }

    [Fact]
    public async Task Signals_AreIdempotentByKey_AndUnhandledOnesAreSetAsideWithoutBlocking()
    {
        await using var node = await ParcelNode.StartAsync(_database, _clock, _log, "node-a");
        var id = await node.StartParcelAsync("P-inbox");
        await node.SignalAsync(id, new Remind("wrong kind of message"), "odd-1");
        await node.SignalAsync(id, new Delivered("P-inbox"), "delivered-1");
        await node.SignalAsync(id, new Delivered("P-inbox"), "delivered-1");

        await node.Processor.DrainAsync();

        var signals = await node.QueryAsync(db => db.Set<WorkflowSignal>().Where(s => s.InstanceId == id).ToListAsync());
        Assert.Equal(2, signals.Count);
        Assert.Equal(SignalStatus.Ignored, signals.Single(s => s.IdempotencyKey == "odd-1").Status);
        Assert.Equal(SignalStatus.Processed, signals.Single(s => s.IdempotencyKey == "delivered-1").Status);
        var instance = await node.QueryAsync(db => db.Set<WorkflowInstance>().SingleAsync(i => i.Id == id));
        Assert.Equal(WorkflowStatus.Completed, instance.Status);
        Assert.Equal(0, await node.QueryAsync(db => db.Set<WorkflowTimer>().CountAsync(t => t.InstanceId == id && t.Status == TimerStatus.Pending)));
    }

    [Fact]
    public async Task IdempotencyKeys_AreRefusedWhereTheyAreMade_WhenLongerThanTheirColumn()
    {
        await using var node = await ParcelNode.StartAsync(_database, _clock, _log, "node-a");
        var id = await node.StartParcelAsync("P-keys");

        // A key that just fits is saved (PostgreSQL enforces the length); one character more is refused before the save.
        await node.SignalAsync(id, new Note("fits"), new string('s', WorkflowSignal.IdempotencyKeyMaxLength));
        await Assert.ThrowsAsync<ArgumentException>(() => node.SignalAsync(id, new Note("too long"), new string('s', WorkflowSignal.IdempotencyKeyMaxLength + 1)));
        await node.QueryAsync(async db =>
        {
            await WorkflowOutbox.AddCommandAsync(db, id, new Remind("P-keys"), new string('c', WorkflowCommand.IdempotencyKeyMaxLength), _clock.GetUtcNow(), CancellationToken.None);
            await Assert.ThrowsAsync<ArgumentException>(() => WorkflowOutbox.AddCommandAsync(db, id, new Remind("P-keys"),
                new string('c', WorkflowCommand.IdempotencyKeyMaxLength + 1), _clock.GetUtcNow(), CancellationToken.None));
            return await db.SaveChangesAsync();
        });

        Assert.Equal(1, await node.QueryAsync(db => db.Set<WorkflowSignal>().CountAsync(s => s.InstanceId == id)));
        Assert.Equal(1, await node.QueryAsync(db => db.Set<WorkflowCommand>().CountAsync(c => c.IdempotencyKey.StartsWith("ccc"))));
    }

    [Fact]
    public async Task AFailingCommand_IsRetriedWithBackoffUnderTheSameKey_ThenDeadLettered()
    {
        _log.RemindFailures = 2;
        await using var node = await ParcelNode.StartAsync(_database, _clock, _log, "node-a");
        var id = await node.StartParcelAsync("P-retry");
        _clock.Advance(TimeSpan.FromDays(5));
        await node.Processor.DrainAsync();
        var command = await node.QueryAsync(db => db.Set<WorkflowCommand>().SingleAsync(c => c.InstanceId == id));
        Assert.Equal((CommandStatus.Pending, 1), (command.Status, command.Attempts));
        Assert.Equal(_clock.GetUtcNow().AddSeconds(2), command.NextAttemptAt);
        Assert.Contains("mail server down", command.LastError, StringComparison.Ordinal);

        _clock.Advance(TimeSpan.FromSeconds(2));
        await node.Processor.DrainAsync();
        _clock.Advance(TimeSpan.FromSeconds(4));
        await node.Processor.DrainAsync();

        command = await node.QueryAsync(db => db.Set<WorkflowCommand>().SingleAsync(c => c.InstanceId == id));
        Assert.Equal((CommandStatus.Done, 3), (command.Status, command.Attempts));
        Assert.Equal(command.IdempotencyKey, Assert.Single(_log.Runs).Key);

        _log.RemindFailures = 100;
        var other = await node.StartParcelAsync("P-dead");
        _clock.Advance(TimeSpan.FromDays(5));
        for (var i = 0; i < 5; i++)
        {
            await node.Processor.DrainAsync();
            _clock.Advance(TimeSpan.FromMinutes(1));
        }
        var dead = await node.QueryAsync(db => db.Set<WorkflowCommand>().SingleAsync(c => c.InstanceId == other && c.Type == nameof(Remind)));
        Assert.Equal((CommandStatus.DeadLettered, 3), (dead.Status, dead.Attempts));
        Assert.Equal(1, await node.QueryAsync(db => db.Set<WorkflowHistoryEntry>().CountAsync(h => h.InstanceId == other && h.Kind == HistoryKind.CommandDeadLettered)));
    }

    [Fact]
    public async Task ACommandThatBlocks_HoldsUpOnlyItsOwnInstance_AnotherInstancesCommandCompletes()
    {
        await using var node = await ParcelNode.StartAsync(_database, _clock, _log, "node-a", runPollers: true);
        var slow = await node.StartParcelAsync("P-slow");
        var fast = await node.StartParcelAsync("P-fast");
        var hold = _log.Hold("P-slow");
        try
        {
            await node.EmitAsync(slow, new Ship("P-slow"), "ship-slow-1");
            await hold.Started.Task.WaitAsync(Patience);
            await node.EmitAsync(slow, new Ship("P-slow"), "ship-slow-2");
            await node.EmitAsync(fast, new Ship("P-fast"), "ship-fast");

            await WaitUntilAsync(() => node.QueryAsync(db => db.Set<WorkflowCommand>().AnyAsync(c => c.IdempotencyKey == "ship-fast" && c.Status == CommandStatus.Done)));
            Assert.False(hold.Saved.Task.IsCompleted); // the slow one is still in its handler
        }
        finally
        {
            hold.Released.TrySetResult();
        }
        Assert.Null(await hold.Saved.Task.WaitAsync(Patience));
        await WaitUntilAsync(() => node.QueryAsync(db => db.Set<WorkflowCommand>().AllAsync(c => c.Status == CommandStatus.Done)));

        // One instance's commands stay in order; each ran once.
        Assert.Equal(["ship-fast", "ship-slow-1", "ship-slow-2"], _log.Runs.Select(r => r.Key));
        Assert.All(await node.QueryAsync(db => db.Set<WorkflowCommand>().ToListAsync()), c => Assert.Equal(1, c.Attempts));
    }

    [Fact]
    public async Task ACommandOverrunningItsTimeLimit_IsCancelledAndRetried_WithItsClaimReleased()
    {
        await using var node = await ParcelNode.StartAsync(_database, _clock, _log, "node-a", commandTimeout: TimeSpan.FromSeconds(10));
        var id = await node.StartParcelAsync("P-stuck");
        var hold = _log.Hold("P-stuck");
        try
        {
            await node.EmitAsync(id, new Ship("P-stuck"), "ship-stuck");
            var run = node.Processor.RunPendingCommandsAsync(CancellationToken.None);
            await hold.Started.Task.WaitAsync(Patience);

            _clock.Advance(TimeSpan.FromSeconds(10)); // the limit passes while the handler, deaf to its token, still runs
            Assert.Equal(1, await run.WaitAsync(Patience));

            var command = await node.QueryAsync(db => db.Set<WorkflowCommand>().SingleAsync(c => c.IdempotencyKey == "ship-stuck"));
            Assert.Equal((CommandStatus.Pending, 1, null, null), (command.Status, command.Attempts, command.LeaseOwner, command.LeaseUntil));
            Assert.Contains("time limit", command.LastError, StringComparison.Ordinal);
            Assert.Equal(_clock.GetUtcNow().AddSeconds(2), command.NextAttemptAt);
            Assert.Equal(1, await node.QueryAsync(db => db.Set<WorkflowHistoryEntry>().CountAsync(h => h.InstanceId == id && h.Kind == HistoryKind.CommandFailed)));
        }
        finally
        {
            hold.Released.TrySetResult();
        }
        // The handler left behind finishes later; its save fails, as the command is no longer its claim.
        Assert.IsType<DbUpdateConcurrencyException>(await hold.Saved.Task.WaitAsync(Patience));

        _clock.Advance(TimeSpan.FromSeconds(2));
        await node.Processor.DrainAsync();
        var retried = await node.QueryAsync(db => db.Set<WorkflowCommand>().SingleAsync(c => c.IdempotencyKey == "ship-stuck"));
        Assert.Equal((CommandStatus.Done, 2), (retried.Status, retried.Attempts));
    }

    [Fact]
    public async Task Startup_RefusesInstancesOfAnUnregisteredOrEditedDefinition()
    {
        await using (var node = await ParcelNode.StartAsync(_database, _clock, _log, "node-a"))
        {
            var id = await node.StartParcelAsync("P-pinned");
            await node.QueryAsync(db => db.Set<WorkflowInstance>().Where(i => i.Id == id)
                .ExecuteUpdateAsync(s => s.SetProperty(i => i.DefinitionVersion, 2)));
        }
        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => ParcelNode.StartAsync(_database, _clock, _log, "node-b"));
        Assert.Contains("parcel version 2 is not registered", error.Message, StringComparison.Ordinal);

        await using (var scope = new ServiceCollection().AddDbContext<WorkflowTestDbContext>(o => _database.Use(o)).BuildServiceProvider())
        {
            var db = scope.GetRequiredService<WorkflowTestDbContext>();
            await db.Set<WorkflowInstance>().ExecuteUpdateAsync(s => s.SetProperty(i => i.DefinitionVersion, 1).SetProperty(i => i.DefinitionHash, new string('0', 64)));
        }
        error = await Assert.ThrowsAsync<InvalidOperationException>(() => ParcelNode.StartAsync(_database, _clock, _log, "node-c"));
        Assert.Contains("was edited after instances started", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ATimerWhoseStepWasLeft_IsIgnored()
    {
        await using var node = await ParcelNode.StartAsync(_database, _clock, _log, "node-a");
        var id = await node.StartParcelAsync("P-stale");
        // Simulate a timer that outlived its step (e.g. written by an older node): it must not act.
        await node.QueryAsync(db => db.Set<WorkflowTimer>().Where(t => t.InstanceId == id && t.Name == "reminder")
            .ExecuteUpdateAsync(s => s.SetProperty(t => t.Step, "some-old-step")));
        _clock.Advance(TimeSpan.FromDays(5));
        await node.Processor.DrainAsync();

        Assert.Empty(_log.Runs);
        Assert.Equal(1, await node.QueryAsync(db => db.Set<WorkflowHistoryEntry>().CountAsync(h => h.InstanceId == id && h.Kind == HistoryKind.TimerIgnored)));
    }

    /// <summary>How long a test waits for something that should happen at once before it calls it a failure.</summary>
    private static readonly TimeSpan Patience = TimeSpan.FromMinutes(3); // ends a broken run only; CI's cores are busy

    private static Task WaitUntilAsync(Func<Task<bool>> condition) => Waiting.UntilAsync(condition, TimeSpan.FromSeconds(20));

    private static Task WaitUntilAsync(Func<bool> condition) => WaitUntilAsync(() => Task.FromResult(condition()));

    public void Dispose()
    {
        _database.Dispose();
        Directory.Delete(_directory, recursive: true);
    }
}
