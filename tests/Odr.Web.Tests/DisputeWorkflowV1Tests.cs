using Odr.Domain.Disputes;
using Odr.Domain.Parties;
using Odr.Web.Features.Disputes.Workflow;
using Odr.Workflows.Persistence;
using Microsoft.Extensions.Time.Testing;

namespace Odr.Web.Tests;

/// <summary>The dispute workflow's timing, step by step on a fake clock: no database, no web host.</summary>
public class DisputeWorkflowV1Tests
{
    private static readonly DateTimeOffset Filed = new(2026, 11, 2, 9, 0, 0, TimeSpan.Zero);
    private static readonly Guid CaseId = Guid.NewGuid();

    private static WorkflowTestHarness<DisputeWorkflowState> Started(TimeSpan? responsePeriod = null, TimeSpan? reminder = null)
    {
        var harness = new WorkflowTestHarness<DisputeWorkflowState>(new DisputeWorkflowV1(), new FakeTimeProvider(Filed));
        harness.Start(new DisputeWorkflowState
        {
            CaseId = CaseId,
            Stage = DisputeStage.AwaitingResponse,
            Deadline = Filed + (responsePeriod ?? TimeSpan.FromDays(7)),
            ReminderLead = reminder ?? TimeSpan.FromDays(2),
        });
        return harness;
    }

    [Fact]
    public void Filing_StartsTheResponseDeadlineAndItsReminder()
    {
        var harness = Started();
        Assert.Equal("awaitingResponse", harness.Step);
        Assert.Equal(Filed.AddDays(7), harness.PendingTimers["deadline"]);
        Assert.Equal(Filed.AddDays(5), harness.PendingTimers["reminder"]);
    }

    [Fact]
    public void SellerSilence_RemindsThenAsksTheCaseToExpireItsDeadline()
    {
        var harness = Started();
        harness.Advance(TimeSpan.FromDays(5));
        Assert.Equal([new SendDeadlineReminder(CaseId, DisputeStage.AwaitingResponse, Filed.AddDays(7))], harness.TakeCommands());
        harness.Advance(TimeSpan.FromDays(2));
        Assert.Equal([new ExpireCaseDeadline(CaseId, DisputeStage.AwaitingResponse, Filed.AddDays(7))], harness.TakeCommands());
        Assert.Equal("awaitingResponse", harness.Step); // the timer does not move the stage: the case's signal will
    }

    [Fact]
    public void AStageShorterThanTwiceTheReminderLead_GetsNoReminder()
    {
        var harness = Started(responsePeriod: TimeSpan.FromDays(3));
        Assert.False(harness.PendingTimers.ContainsKey("reminder"));
        var seconds = Started(responsePeriod: TimeSpan.FromSeconds(5));
        Assert.Equal(["deadline"], seconds.PendingTimers.Keys);
    }

    [Theory]
    [InlineData(DisputeStage.Negotiation, 14, null)]
    [InlineData(DisputeStage.Mediation, 21, CaseRole.Mediator)]
    [InlineData(DisputeStage.Arbitration, 30, CaseRole.Arbitrator)]
    [InlineData(DisputeStage.Compliance, 14, null)]
    public void EachStage_GetsItsDeadline_AndNeutralStagesAskForANeutral(DisputeStage stage, int days, CaseRole? neutral)
    {
        var harness = Started();
        harness.Advance(TimeSpan.FromDays(1));
        var deadline = harness.Clock.GetUtcNow().AddDays(days);

        Assert.True(harness.Signal(new CaseStageChanged(CaseId, stage, deadline, 3)));

        Assert.Equal(DisputeWorkflowV1.StepOf(stage), harness.Step);
        Assert.Equal(deadline, harness.PendingTimers["deadline"]);
        Assert.Equal(deadline.AddDays(-2), harness.PendingTimers["reminder"]);
        var commands = harness.TakeCommands();
        Assert.Equal(neutral is null ? [] : [new AssignNeutral(CaseId, neutral.Value)], commands);
        harness.Advance(TimeSpan.FromDays(days));
        Assert.Contains(new ExpireCaseDeadline(CaseId, stage, deadline), harness.TakeCommands());
    }

    [Fact]
    public void LeavingAStage_CancelsItsTimers()
    {
        var harness = Started();
        harness.Signal(new CaseStageChanged(CaseId, DisputeStage.Negotiation, Filed.AddDays(14), 2));
        harness.Advance(TimeSpan.FromDays(7));
        Assert.DoesNotContain(harness.Commands, c => c is ExpireCaseDeadline { Stage: DisputeStage.AwaitingResponse });
    }

    [Fact]
    public void AStaleStageChange_ArrivingLate_ChangesNothing()
    {
        var harness = Started();
        harness.Signal(new CaseStageChanged(CaseId, DisputeStage.Mediation, Filed.AddDays(21), 5));
        harness.TakeCommands();
        harness.Signal(new CaseStageChanged(CaseId, DisputeStage.Negotiation, Filed.AddDays(14), 3));
        Assert.Equal("mediation", harness.Step);
        Assert.Equal(Filed.AddDays(21), harness.PendingTimers["deadline"]);
        Assert.Empty(harness.TakeCommands());
    }

    [Fact]
    public void ReenteringArbitration_AfterAMissedDeadline_RestartsTheClockAndAsksForANewArbitrator()
    {
        var harness = Started();
        harness.Signal(new CaseStageChanged(CaseId, DisputeStage.Arbitration, Filed.AddDays(30), 4));
        harness.TakeCommands();
        harness.Advance(TimeSpan.FromDays(30));
        harness.TakeCommands();
        harness.Signal(new CaseStageChanged(CaseId, DisputeStage.Arbitration, Filed.AddDays(60), 6));
        Assert.Equal([new AssignNeutral(CaseId, CaseRole.Arbitrator)], harness.TakeCommands());
        Assert.Equal(Filed.AddDays(60), harness.PendingTimers["deadline"]);
    }

    [Fact]
    public void AnEvidenceRequest_HasItsOwnTimer()
    {
        var harness = Started();
        harness.Signal(new CaseStageChanged(CaseId, DisputeStage.Arbitration, Filed.AddDays(30), 4));
        var request = Guid.NewGuid();
        harness.Signal(new CaseEvidenceRequested(CaseId, request, Filed.AddDays(5)));
        harness.TakeCommands();
        harness.Advance(TimeSpan.FromDays(5));
        Assert.Equal([new LapseEvidenceRequest(CaseId, request)], harness.TakeCommands());
        Assert.Equal("arbitration", harness.Step);
    }

    [Fact]
    public void Closing_CompletesTheWorkflow()
    {
        var harness = Started();
        harness.Signal(new CaseStageChanged(CaseId, DisputeStage.Closed, null, 2));
        Assert.Equal(WorkflowStatus.Completed, harness.Status);
        Assert.Empty(harness.PendingTimers);
    }

    /// <summary>
    /// DisputeWorkflowV1 is shipped: instances are pinned to it. If this fails, the definition was edited in place;
    /// undo that and write DisputeWorkflowV2 (with a migration for running instances) instead.
    /// </summary>
    [Fact]
    public void DefinitionHash_IsTheShippedOne()
    {
        const string Shipped = "85dc64b89c173dd70844324a32657e9b4b9fecaead3d24a88fbd2bfe2a2b8f95";
        Assert.Equal(Shipped, new DisputeWorkflowV1().Hash);
    }
}
