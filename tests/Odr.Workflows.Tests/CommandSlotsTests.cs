using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Time.Testing;
using Odr.Workflows.Persistence;

namespace Odr.Workflows.Tests;

/// <summary>
/// Each command type has slots of its own (WorkflowOptions.CommandSlots, CommandSlotsByType): a type whose handlers are
/// stuck (the mail server down) holds only its own slots, and its limit holds; the claim stays exactly once.
/// </summary>
public sealed class CommandSlotsTests : IDisposable
{
    private static readonly DateTimeOffset Start = new(2026, 11, 2, 9, 0, 0, TimeSpan.Zero);

    /// <summary>How long a test waits for something that should happen at once before it calls it a failure.</summary>
    private static readonly TimeSpan Patience = TimeSpan.FromMinutes(3); // ends a broken run only; CI's cores are busy

    private readonly string _directory;
    private readonly TestDatabase _database;
    private readonly FakeTimeProvider _clock = new(Start);
    private readonly CommandLog _log = new();

    public CommandSlotsTests()
    {
        _directory = Directory.CreateTempSubdirectory("odr-wf-slots-").FullName;
        _database = TestDatabase.Create(_directory);
    }

    [Fact]
    public async Task StartPendingCommands_WhenEveryShipSlotIsHeld_ClaimsNoMoreShips_ButOtherTypesCommandsRun()
    {
        await using var node = await ParcelNode.StartAsync(_database, _clock, _log, "node-a", configure: o => o.CommandSlotsByType["Ship"] = 2);
        var parcels = new List<Guid>();
        for (var i = 1; i <= 3; i++)
        {
            parcels.Add(await node.StartParcelAsync($"P-{i}"));
        }
        var holds = Enumerable.Range(1, 3).Select(i => _log.Hold($"P-{i}")).ToList();
        try
        {
            // Two ships take Ship's two slots and stay in their handlers.
            await node.EmitAsync(parcels[0], new Ship("P-1"), "ship-1");
            var (first, firstRunning) = await node.Processor.StartPendingCommandsAsync(CancellationToken.None);
            await node.EmitAsync(parcels[1], new Ship("P-2"), "ship-2");
            var (second, _) = await node.Processor.StartPendingCommandsAsync(CancellationToken.None);
            Assert.Equal((1, 1), (first, second));
            await Task.WhenAll(holds[0].Started.Task, holds[1].Started.Task).WaitAsync(Patience);

            // A third ship waits for a slot; reminders (one for an instance whose ship is stuck) have slots of their own.
            await node.EmitAsync(parcels[2], new Ship("P-3"), "ship-3");
            await node.EmitAsync(parcels[0], new Remind("P-1"), "remind-1");
            await node.EmitAsync(parcels[2], new Remind("P-3"), "remind-3");
            var (claimed, running) = await node.Processor.StartPendingCommandsAsync(CancellationToken.None);
            Assert.Equal(2, claimed);
            await running.WaitAsync(Patience);

            Assert.Equal(["remind-1", "remind-3"], _log.Runs.Select(r => r.Key).Order());
            Assert.False(holds[0].Saved.Task.IsCompleted || holds[1].Saved.Task.IsCompleted); // both ships still in their handlers
            var waiting = await node.QueryAsync(db => db.Set<WorkflowCommand>().SingleAsync(c => c.IdempotencyKey == "ship-3"));
            Assert.Equal((CommandStatus.Pending, 0, null), (waiting.Status, waiting.Attempts, waiting.LeaseOwner));

            // A ship that finishes frees its slot for the one that waited.
            holds[0].Released.TrySetResult();
            await firstRunning.WaitAsync(Patience);
            var (afterRelease, _) = await node.Processor.StartPendingCommandsAsync(CancellationToken.None);
            Assert.Equal(1, afterRelease);
            await holds[2].Started.Task.WaitAsync(Patience);
        }
        finally
        {
            holds.ForEach(hold => hold.Released.TrySetResult());
        }
        await node.Processor.CommandsRunning.WaitAsync(Patience);
        await node.Processor.DrainAsync();
        Assert.All(await node.QueryAsync(db => db.Set<WorkflowCommand>().ToListAsync()), c => Assert.Equal((CommandStatus.Done, 1), (c.Status, c.Attempts)));
        Assert.Equal(["remind-1", "remind-3", "ship-1", "ship-2", "ship-3"], _log.Runs.Select(r => r.Key).Order());
    }

    [Fact]
    public async Task TheDispatcher_WhenAShipBlocks_RunsTheSameInstancesReminder_AndKeepsTheOtherShipForTheFreeSlot()
    {
        await using var node = await ParcelNode.StartAsync(_database, _clock, _log, "node-a", runPollers: true, configure: o => o.CommandSlotsByType["Ship"] = 1);
        var stuck = await node.StartParcelAsync("P-stuck");
        var other = await node.StartParcelAsync("P-other");
        var hold = _log.Hold("P-stuck");
        try
        {
            await node.EmitAsync(stuck, new Ship("P-stuck"), "ship-stuck");
            await hold.Started.Task.WaitAsync(Patience);
            await node.EmitAsync(other, new Ship("P-other"), "ship-other");
            await node.EmitAsync(stuck, new Remind("P-stuck"), "remind-stuck");

            await WaitUntilAsync(() => node.QueryAsync(db => db.Set<WorkflowCommand>().AnyAsync(c => c.IdempotencyKey == "remind-stuck" && c.Status == CommandStatus.Done)));
            Assert.False(hold.Saved.Task.IsCompleted); // the ship is still in its handler, holding Ship's one slot
            var waiting = await node.QueryAsync(db => db.Set<WorkflowCommand>().SingleAsync(c => c.IdempotencyKey == "ship-other"));
            Assert.Equal((CommandStatus.Pending, 0), (waiting.Status, waiting.Attempts));
        }
        finally
        {
            hold.Released.TrySetResult();
        }
        await WaitUntilAsync(() => node.QueryAsync(db => db.Set<WorkflowCommand>().AllAsync(c => c.Status == CommandStatus.Done)));
        Assert.Equal(["remind-stuck", "ship-stuck", "ship-other"], _log.Runs.Select(r => r.Key));
    }

    [Fact]
    public async Task TwoNodesClaimingTheSamePendingCommandsOfSeveralTypes_RunEachOnce()
    {
        const int parcels = 30;
        await using var a = await ParcelNode.StartAsync(_database, _clock, _log, "node-a");
        await using var b = await ParcelNode.StartAsync(_database, _clock, _log, "node-b");
        for (var i = 0; i < parcels; i++)
        {
            var id = await a.StartParcelAsync($"P-{i}");
            await a.EmitAsync(id, new Remind($"P-{i}"), $"remind-{i}");
            await a.EmitAsync(id, new Escalate($"P-{i}", "waiting"), $"escalate-{i}");
            await a.EmitAsync(id, new Ship($"P-{i}"), $"ship-{i}");
        }

        await Task.WhenAll(Task.Run(() => a.Processor.DrainAsync()), Task.Run(() => b.Processor.DrainAsync()),
            Task.Run(() => a.Processor.DrainAsync()), Task.Run(() => b.Processor.DrainAsync()));

        Assert.Equal(parcels * 3, _log.Runs.Count);
        Assert.Equal(parcels * 3, _log.Runs.Select(r => r.Key).Distinct().Count());
        Assert.All(await a.QueryAsync(db => db.Set<WorkflowCommand>().ToListAsync()), c => Assert.Equal((CommandStatus.Done, 1), (c.Status, c.Attempts)));
    }

    [Fact]
    public async Task ACommandThatLosesAConcurrencyRace_IsRunAgainAtOnce_AndCountsNoFailedAttempt()
    {
        // Another type's command of the same instance may change the same data side by side: a lost race is run again.
        await using var node = await ParcelNode.StartAsync(_database, _clock, _log, "node-a");
        var id = await node.StartParcelAsync("P-race");
        _log.RemindConflicts = 2;
        await node.EmitAsync(id, new Remind("P-race"), "remind-race");

        Assert.Equal(1, await node.Processor.RunPendingCommandsAsync(CancellationToken.None));

        var command = await node.QueryAsync(db => db.Set<WorkflowCommand>().SingleAsync(c => c.IdempotencyKey == "remind-race"));
        Assert.Equal((CommandStatus.Done, 1, null), (command.Status, command.Attempts, command.LastError));
        Assert.Equal(0, await node.QueryAsync(db => db.Set<WorkflowHistoryEntry>().CountAsync(h => h.InstanceId == id && h.Kind == HistoryKind.CommandFailed)));
        Assert.Equal("remind-race", Assert.Single(_log.Runs).Key);
    }

    private static Task WaitUntilAsync(Func<Task<bool>> condition) => Waiting.UntilAsync(condition, TimeSpan.FromSeconds(20));

    public void Dispose()
    {
        _database.Dispose();
        Directory.Delete(_directory, recursive: true);
    }
}
