using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Odr.Workflows.Persistence;
using Odr.Workflows.Scheduling;

namespace Odr.Workflows.Tests;

/// <summary>
/// Set-based timer firing (ADR 013) on a real database (SQLite, or PostgreSQL in the test command's second run): a
/// catch-up of many timers on two runtimes, a crash between the claim and the commit, the statements a batch costs, and
/// a hung command beside due timers.
/// </summary>
public sealed class SetBasedTimerTests : IDisposable
{
    private static readonly DateTimeOffset Start = new(2026, 11, 2, 9, 0, 0, TimeSpan.Zero);
    private static readonly TimeSpan Patience = TimeSpan.FromMinutes(3); // ends a broken run only; CI's cores are busy
    private readonly string _directory;
    private readonly TestDatabase _database;
    private readonly FakeTimeProvider _clock = new(Start);
    private readonly CommandLog _log = new();

    public SetBasedTimerTests()
    {
        _directory = Directory.CreateTempSubdirectory("odr-wf-").FullName;
        _database = TestDatabase.Create(_directory);
    }

    [Fact]
    public async Task ACatchUpOfManyTimersAfterDowntime_OnTwoRuntimesWithTheirPollers_FiresEachExactlyOnce()
    {
        const int parcels = 400; // a reminder and a deadline each: 800 timers
        var ids = new List<Guid>();
        await using (var before = await ParcelNode.StartAsync(_database, _clock, _log, "node-before"))
        {
            for (var i = 0; i < parcels; i++)
            {
                ids.Add(await before.StartParcelAsync($"P-{i}"));
            }
        }
        _clock.Advance(TimeSpan.FromDays(30)); // down for a month: every reminder and deadline passed

        // Small batches, so the two nodes' polls meet on the same timers many times over.
        Action<Odr.Workflows.Runtime.WorkflowOptions> smallBatches = o => (o.BatchSize, o.TimersPerTransaction) = (40, 10);
        await using var a = await ParcelNode.StartAsync(_database, _clock, _log, "node-a", runPollers: true, configure: smallBatches);
        await using var b = await ParcelNode.StartAsync(_database, _clock, _log, "node-b", runPollers: true, configure: smallBatches);
        await WaitUntilAsync(() => a.QueryAsync(async db =>
            await db.Set<WorkflowHistoryEntry>().CountAsync(h => h.Kind == HistoryKind.TimerFired) == parcels * 2
            && await db.Set<WorkflowCommand>().CountAsync(c => c.Status == CommandStatus.Done) == parcels * 2));

        var firedPerInstance = await a.QueryAsync(db => db.Set<WorkflowHistoryEntry>().Where(h => h.Kind == HistoryKind.TimerFired)
            .GroupBy(h => h.InstanceId).Select(g => g.Count()).ToListAsync());
        Assert.Equal(parcels, firedPerInstance.Count);
        Assert.All(firedPerInstance, count => Assert.Equal(2, count));
        var timers = await a.QueryAsync(db => db.Set<WorkflowTimer>().AsNoTracking().ToListAsync());
        Assert.Equal(parcels * 2, timers.Count(t => t.Status == TimerStatus.Fired));
        Assert.All(timers.Where(t => t.Status == TimerStatus.Fired), t => Assert.Equal(1, t.Attempts));
        // The escalated step's own deadline, started by the late timer, counts from the catch-up.
        var next = timers.Where(t => t.Status == TimerStatus.Pending).ToList();
        Assert.Equal(parcels, next.Count);
        Assert.All(next, t => Assert.Equal((_clock.GetUtcNow().AddDays(3), "escalated"), (t.DueAt, t.Step)));
        var instances = await a.QueryAsync(db => db.Set<WorkflowInstance>().AsNoTracking().ToListAsync());
        Assert.All(instances, i => Assert.Equal(("escalated", 2), (i.CurrentStep, i.CommandSeq)));
        Assert.Equal(parcels * 2, _log.Runs.Count);
        Assert.Equal(parcels * 2, _log.Runs.Select(r => r.Key).Distinct().Count());
        Assert.Equal(parcels, _log.Runs.Count(r => r.Type == nameof(Escalate)));
        // Commands were issued once each: one reminder and one escalation per parcel, sequence 1 and 2.
        var commands = await a.QueryAsync(db => db.Set<WorkflowCommand>().AsNoTracking().ToListAsync());
        Assert.Equal(parcels * 2, commands.Count);
        Assert.All(commands.GroupBy(c => c.InstanceId), g => Assert.Equal([1, 2], g.Select(c => c.Seq).Order()));
    }

    [Fact]
    public async Task ACrashBetweenTheClaimAndTheCommit_LeavesEveryTimerPending_AndTheNextNodeFiresEachOnce()
    {
        const int parcels = 30;
        var crash = new DieBeforeTheJournalIsWritten();
        await using (var doomed = await ParcelNode.StartAsync(_database, _clock, _log, "node-doomed", interceptor: crash))
        {
            for (var i = 0; i < parcels; i++)
            {
                await doomed.StartParcelAsync($"P-{i}");
            }
            _clock.Advance(TimeSpan.FromDays(5)); // every reminder is due
            crash.Armed = true;

            Assert.Equal(0, await doomed.Processor.RunDueTimersAsync(CancellationToken.None));

            Assert.True(crash.ClaimsBeforeTheCrash > 0, "the crash came after a claim");
            var timers = await doomed.QueryAsync(db => db.Set<WorkflowTimer>().AsNoTracking().ToListAsync());
            Assert.All(timers, t => Assert.Equal((TimerStatus.Pending, null, null), (t.Status, t.LeaseOwner, t.LeaseUntil)));
            Assert.Equal(0, await doomed.QueryAsync(db => db.Set<WorkflowHistoryEntry>().CountAsync(h => h.Kind == HistoryKind.TimerFired)));
            Assert.Equal(0, await doomed.QueryAsync(db => db.Set<WorkflowCommand>().CountAsync()));
        }

        // No lease to wait for: the restarted node fires everything at once, each once.
        await using var restarted = await ParcelNode.StartAsync(_database, _clock, _log, "node-restarted");
        await restarted.Processor.DrainAsync();

        var fired = await restarted.QueryAsync(db => db.Set<WorkflowHistoryEntry>().Where(h => h.Kind == HistoryKind.TimerFired)
            .GroupBy(h => h.InstanceId).Select(g => g.Count()).ToListAsync());
        Assert.Equal(parcels, fired.Count);
        Assert.All(fired, count => Assert.Equal(1, count));
        Assert.Equal(parcels, _log.Runs.Count(r => r.Type == nameof(Remind)));
        Assert.All(_log.Runs, r => Assert.Equal("node-restarted", r.Node));
    }

    /// <summary>Once armed, fails the batch's journal insert, after the claim: as if the process died mid-batch.</summary>
    private sealed class DieBeforeTheJournalIsWritten : DbCommandInterceptor
    {
        public bool Armed { get; set; }

        public int ClaimsBeforeTheCrash { get; private set; }

        public override ValueTask<InterceptionResult<DbDataReader>> ReaderExecutingAsync(DbCommand command, CommandEventData eventData,
            InterceptionResult<DbDataReader> result, CancellationToken cancellationToken = default)
        {
            if (Armed && command.CommandText.StartsWith("UPDATE \"WorkflowTimers\"", StringComparison.Ordinal)
                && command.CommandText.Contains("RETURNING", StringComparison.Ordinal))
            {
                ClaimsBeforeTheCrash++;
            }
            return base.ReaderExecutingAsync(command, eventData, result, cancellationToken);
        }

        public override ValueTask<InterceptionResult<int>> NonQueryExecutingAsync(DbCommand command, CommandEventData eventData,
            InterceptionResult<int> result, CancellationToken cancellationToken = default) =>
            Armed && command.CommandText.StartsWith("INSERT INTO \"WorkflowHistory\"", StringComparison.Ordinal)
                ? throw new IOException("The process died.")
                : base.NonQueryExecutingAsync(command, eventData, result, cancellationToken);
    }

    [Fact]
    public async Task FiringABatchOfAHundredTimers_TakesAHandfulOfStatements_NotOnePerTimer()
    {
        const int parcels = 100;
        var statements = new CountStatements();
        await using var node = await ParcelNode.StartAsync(_database, _clock, _log, "node-a", interceptor: statements,
            configure: o => (o.BatchSize, o.TimersPerTransaction) = (parcels, parcels));
        for (var i = 0; i < parcels; i++)
        {
            await node.StartParcelAsync($"P-{i}");
        }
        _clock.Advance(TimeSpan.FromDays(5)); // every reminder is due
        statements.Count = 0;

        Assert.Equal(parcels, await node.Processor.RunDueTimersAsync(CancellationToken.None));

        // The poll, then in one transaction: (on PostgreSQL the instances' lock,) the claim, the instances' read, the
        // journal rows, the commands and the instances' rows.
        Assert.InRange(statements.Count, 5, 8);
        Assert.Equal(parcels, await node.QueryAsync(db => db.Set<WorkflowCommand>().CountAsync(c => c.Type == nameof(Remind))));
        Assert.Equal(parcels, await node.QueryAsync(db => db.Set<WorkflowTimer>().CountAsync(t => t.Status == TimerStatus.Fired)));
        Assert.All(await node.QueryAsync(db => db.Set<WorkflowInstance>().AsNoTracking().ToListAsync()),
            i => Assert.Equal(1, i.CommandSeq));
    }

    [Fact]
    public async Task TheClaimsOfTimersAndCommands_FindTheirRowsByPrimaryKey_NotByScanningEveryPendingRow()
    {
        // SQLite's planner, without statistics, took "Status" = @p and the (Status, …) index over the list of ids, and so
        // read every pending row for each claim (the deadline catch-up over 100,000 timers). The plan is SQLite's own.
        using var sqlite = TestDatabase.Create(Directory.CreateTempSubdirectory("odr-wf-plan-").FullName, sqliteOnly: true);
        var plans = new StatementPlans("^UPDATE \"(\\w+)\" .* RETURNING ");
        await using var node = await ParcelNode.StartAsync(sqlite, _clock, _log, "node-a", interceptor: plans);
        for (var i = 0; i < 20; i++)
        {
            await node.StartParcelAsync($"P-{i}");
        }
        _clock.Advance(TimeSpan.FromDays(5)); // every reminder is due

        Assert.Equal(20, await node.Processor.RunDueTimersAsync(CancellationToken.None));
        await node.Processor.DrainAsync();

        Assert.Equal(20, _log.Runs.Count(r => r.Type == nameof(Remind)));
        Assert.Equal(["WorkflowCommands", "WorkflowTimers"], plans.Plans.Select(p => p.Table).Distinct().Order());
        Assert.All(plans.Plans, plan => Assert.Matches(@"^SEARCH \w+ USING INDEX sqlite_autoindex_\w+ \(Id=\?\)$", plan.Plan));
    }

    [Fact]
    public async Task ThePollForCommands_SeeksEachTypesDueRows_NotReadingEveryPendingCommand()
    {
        // A catch-up queues tens of thousands of commands; the poll ran a DISTINCT over every pending row for their types,
        // and each type's query read the pending rows of every type, at every poll. The plan is SQLite's own.
        using var sqlite = TestDatabase.Create(Directory.CreateTempSubdirectory("odr-wf-plan-").FullName, sqliteOnly: true);
        var plans = new StatementPlans("^SELECT .*\\sFROM \"(WorkflowCommands)\" AS ");
        await using var node = await ParcelNode.StartAsync(sqlite, _clock, _log, "node-a", interceptor: plans, configure: o => o.CommandSlots = 20);
        for (var i = 0; i < 20; i++)
        {
            await node.StartParcelAsync($"P-{i}");
        }
        _clock.Advance(TimeSpan.FromDays(5)); // every reminder is due
        Assert.Equal(20, await node.Processor.RunDueTimersAsync(CancellationToken.None));
        plans.Plans.Clear();

        var (claimed, running) = await node.Processor.StartPendingCommandsAsync(CancellationToken.None);
        await running;

        Assert.Equal(20, claimed);
        Assert.Equal(20, _log.Runs.Count(r => r.Type == nameof(Remind)));
        var poll = plans.Plans.Where(p => !p.Plan.Contains("(Id=?)", StringComparison.Ordinal)).Select(p => p.Plan).ToList(); // a run reads its command by id
        Assert.Equal(3, poll.Count); // the first type, the next after it (none), the type's due commands
        // The first type is the index's first pending entry; the next, a seek past the last; a type's due rows, a range.
        Assert.All(poll, plan => Assert.Matches(@"^SEARCH \w+ USING (COVERING )?INDEX IX_WorkflowCommands_Status_Type_NextAttemptAt \(Status=\?( AND Type[=>]\?[^)]*)?\)", plan));
        Assert.All(poll, plan => Assert.DoesNotContain("DISTINCT", plan, StringComparison.Ordinal));
        Assert.Contains(poll, plan => plan.Contains("(Status=? AND Type=? AND NextAttemptAt<?)", StringComparison.Ordinal));
    }

    [Fact]
    public async Task TheInstancesWrite_ChangesTheRowsWhoseVersionHeld_AndNoOther()
    {
        await using var node = await ParcelNode.StartAsync(_database, _clock, _log, "node-a");
        for (var i = 0; i < 3; i++)
        {
            await node.StartParcelAsync($"P-{i}");
        }
        var read = await node.QueryAsync(db => db.Set<WorkflowInstance>().AsNoTracking().OrderBy(i => i.Id).ToListAsync());
        var readVersions = read.ToDictionary(i => i.Id, i => i.Version);
        var stale = read[1].Id; // as if another writer had moved its version on since the read
        foreach (var instance in read)
        {
            (instance.CurrentStep, instance.Outcome, instance.LastError, instance.Version) = ("elsewhere", null, $"note {instance.Id}", instance.Version + 1);
        }

        var updated = await node.QueryAsync(async db =>
        {
            using var sql = new SetBasedSql(db);
            return await sql.UpdateByKeyAsync(read, [nameof(WorkflowInstance.CurrentStep), nameof(WorkflowInstance.Outcome), nameof(WorkflowInstance.LastError),
                nameof(WorkflowInstance.Version)], nameof(WorkflowInstance.Id), nameof(WorkflowInstance.Version),
                instance => instance.Id == stale ? readVersions[instance.Id] + 5 : readVersions[instance.Id], CancellationToken.None);
        });

        Assert.Equal(2, updated);
        var after = await node.QueryAsync(db => db.Set<WorkflowInstance>().AsNoTracking().ToDictionaryAsync(i => i.Id));
        Assert.All(read.Where(i => i.Id != stale), i => Assert.Equal(("elsewhere", (string?)$"note {i.Id}", readVersions[i.Id] + 1),
            (after[i.Id].CurrentStep, after[i.Id].LastError, after[i.Id].Version)));
        Assert.NotEqual("elsewhere", after[stale].CurrentStep);
        Assert.Null(after[stale].LastError);
        Assert.Equal(readVersions[stale], after[stale].Version);
    }

    /// <summary>Asks SQLite how it would run each query that matches a pattern, with its parameters, just before it runs.</summary>
    private sealed class StatementPlans(string pattern) : DbCommandInterceptor
    {
        public List<(string Table, string Plan)> Plans { get; } = [];

        public override async ValueTask<InterceptionResult<DbDataReader>> ReaderExecutingAsync(DbCommand command, CommandEventData eventData,
            InterceptionResult<DbDataReader> result, CancellationToken cancellationToken = default)
        {
            var claim = System.Text.RegularExpressions.Regex.Match(command.CommandText, pattern, System.Text.RegularExpressions.RegexOptions.Singleline);
            if (claim.Success)
            {
                await using var explain = command.Connection!.CreateCommand();
                explain.Transaction = command.Transaction;
                explain.CommandText = "EXPLAIN QUERY PLAN " + command.CommandText;
                foreach (DbParameter parameter in command.Parameters)
                {
                    var copy = explain.CreateParameter();
                    (copy.ParameterName, copy.Value) = (parameter.ParameterName, parameter.Value);
                    explain.Parameters.Add(copy);
                }
                var details = new List<string>();
                await using (var reader = await explain.ExecuteReaderAsync(cancellationToken))
                {
                    while (await reader.ReadAsync(cancellationToken))
                    {
                        details.Add(reader.GetString(reader.GetOrdinal("detail")));
                    }
                }
                lock (Plans)
                {
                    Plans.Add((claim.Groups[1].Value, string.Join(" / ", details)));
                }
            }
            return await base.ReaderExecutingAsync(command, eventData, result, cancellationToken);
        }
    }

    private sealed class CountStatements : DbCommandInterceptor
    {
        public int Count { get; set; }

        public override ValueTask<InterceptionResult<DbDataReader>> ReaderExecutingAsync(DbCommand command, CommandEventData eventData,
            InterceptionResult<DbDataReader> result, CancellationToken cancellationToken = default)
        {
            Count++;
            return base.ReaderExecutingAsync(command, eventData, result, cancellationToken);
        }

        public override ValueTask<InterceptionResult<int>> NonQueryExecutingAsync(DbCommand command, CommandEventData eventData,
            InterceptionResult<int> result, CancellationToken cancellationToken = default)
        {
            Count++;
            return base.NonQueryExecutingAsync(command, eventData, result, cancellationToken);
        }
    }

    [Fact]
    public async Task ACommandThatHangs_HoldsUpNeitherDueTimersNorOtherInstancesCommands()
    {
        await using var node = await ParcelNode.StartAsync(_database, _clock, _log, "node-a", runPollers: true);
        var stuck = await node.StartParcelAsync("P-smtp-outage");
        var other = await node.StartParcelAsync("P-other");
        var hold = _log.Hold("P-smtp-outage");
        try
        {
            await node.EmitAsync(stuck, new Ship("P-smtp-outage"), "ship-stuck");
            await hold.Started.Task.WaitAsync(Patience);

            // While it hangs, the other parcel's reminder comes due (moved, not the clock: the hung command's time limit
            // runs on the same clock) and fires, and its command runs.
            await node.QueryAsync(db => db.Set<WorkflowTimer>().Where(t => t.InstanceId == other && t.Name == "reminder")
                .ExecuteUpdateAsync(s => s.SetProperty(t => t.DueAt, _clock.GetUtcNow())));
            node.Services.GetRequiredService<WorkflowWakeup>().Nudge(WorkKind.Timers);
            await WaitUntilAsync(() => node.QueryAsync(db => db.Set<WorkflowCommand>()
                .AnyAsync(c => c.InstanceId == other && c.Type == nameof(Remind) && c.Status == CommandStatus.Done)));
            await node.EmitAsync(other, new Ship("P-other"), "ship-other");
            await WaitUntilAsync(() => node.QueryAsync(db => db.Set<WorkflowCommand>().AnyAsync(c => c.IdempotencyKey == "ship-other" && c.Status == CommandStatus.Done)));

            Assert.False(hold.Saved.Task.IsCompleted); // the hung one is still in its handler
        }
        finally
        {
            hold.Released.TrySetResult();
        }
        Assert.Null(await hold.Saved.Task.WaitAsync(Patience));
        Assert.Equal(["Remind", "Ship", "Ship"], _log.Runs.Select(r => r.Type));
    }

    private static Task WaitUntilAsync(Func<Task<bool>> condition) => Waiting.UntilAsync(condition, Patience);

    public void Dispose()
    {
        _database.Dispose();
        Directory.Delete(_directory, recursive: true);
    }
}
