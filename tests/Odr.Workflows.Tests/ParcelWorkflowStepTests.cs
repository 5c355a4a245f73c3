using Odr.Workflows.Persistence;
using Microsoft.Extensions.Time.Testing;

namespace Odr.Workflows.Tests;

/// <summary>Pure step tests: the definition on a fake clock, no database.</summary>
public class ParcelWorkflowStepTests
{
    private static readonly DateTimeOffset Start = new(2026, 11, 2, 9, 0, 0, TimeSpan.Zero);

    private static WorkflowTestHarness<ParcelState> Started()
    {
        var harness = new WorkflowTestHarness<ParcelState>(new ParcelWorkflow(), new FakeTimeProvider(Start));
        harness.Start(new ParcelState { ParcelId = "P-1" });
        return harness;
    }

    [Fact]
    public void Start_EntersTheInitialStepWithItsTimers()
    {
        var harness = Started();
        Assert.Equal("waiting", harness.Step);
        Assert.Equal(Start.AddDays(7), harness.PendingTimers["deadline"]);
        Assert.Equal(Start.AddDays(5), harness.PendingTimers["reminder"]);
        Assert.Empty(harness.Commands);
    }

    [Fact]
    public void Deadline_EmitsEscalateAndMovesOn_AfterTheReminder()
    {
        var harness = Started();

        harness.Advance(TimeSpan.FromDays(5));
        Assert.Equal([new Remind("P-1")], harness.TakeCommands());

        harness.Advance(TimeSpan.FromDays(2));
        Assert.Equal([new Escalate("P-1", "waiting")], harness.TakeCommands());
        Assert.Equal("escalated", harness.Step);
        Assert.Equal(1, harness.State.Escalations);
        Assert.Equal(Start.AddDays(10), Assert.Single(harness.PendingTimers).Value);
    }

    [Fact]
    public void ASignalBeforeTheDeadline_CancelsTheStepsTimers()
    {
        var harness = Started();
        Assert.True(harness.Signal(new Delivered("P-1")));
        Assert.Equal(WorkflowStatus.Completed, harness.Status);
        Assert.Equal("delivered", harness.Outcome);
        harness.Advance(TimeSpan.FromDays(30));
        Assert.Empty(harness.Commands);
    }

    [Fact]
    public void EscalatedAndStillLate_Expires()
    {
        var harness = Started();
        harness.Advance(TimeSpan.FromDays(10));
        Assert.Equal(WorkflowStatus.Completed, harness.Status);
        Assert.Equal("expired", harness.Outcome);
    }

    [Fact]
    public void AnyStepHandler_AppliesEverywhere_AndUnknownSignalsAreNotHandled()
    {
        var harness = Started();
        Assert.True(harness.Signal(new Note("left with neighbour")));
        Assert.Equal("left with neighbour", harness.State.LastNote);
        Assert.Equal("waiting", harness.Step);
        Assert.False(harness.Signal(new Remind("not a signal of this workflow")));
    }

    [Fact]
    public void DefinitionHash_ChangesWithTheShape()
    {
        var hash = new ParcelWorkflow().Hash;
        Assert.Matches("^[0-9a-f]{64}$", hash);
        Assert.Equal(hash, new ParcelWorkflow().Hash);
        Assert.Contains("step:waiting enter:True signals:[Delivered] timers:[deadline,reminder]", new ParcelWorkflow().Shape, StringComparison.Ordinal);
    }
}
