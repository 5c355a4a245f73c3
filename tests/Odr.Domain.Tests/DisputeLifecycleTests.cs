using Odr.Domain.Common;
using Odr.Domain.Disputes;
using Odr.Domain.Disputes.Events;
using Odr.Domain.Parties;
using static Odr.Domain.Tests.CaseFixtures;

namespace Odr.Domain.Tests;

/// <summary>What every stage shares: deadlines, reminders, withdrawal, compliance and the closed case. Each stage's own paths are in its folder.</summary>
public class DisputeLifecycleTests
{
    [Fact]
    public void ResponseDeadline_EscalatesToMediation_OnceAndOnlyWhenCurrent()
    {
        var dispute = Filed();
        var deadline = dispute.Deadline!.Value;
        Assert.False(dispute.ExpireDeadline(DisputeStage.AwaitingResponse, deadline, deadline.AddSeconds(-1), Periods)); // early
        Assert.False(dispute.ExpireDeadline(DisputeStage.Negotiation, deadline, deadline, Periods));                    // wrong stage
        Assert.True(dispute.ExpireDeadline(DisputeStage.AwaitingResponse, deadline, deadline, Periods));
        Assert.Equal(DisputeStage.Mediation, dispute.Stage);
        Assert.False(dispute.ExpireDeadline(DisputeStage.AwaitingResponse, deadline, deadline, Periods));                // stale timer
        Assert.Equal(EscalatedBy.Deadline, Single<DisputeEscalated>(dispute).By);
        Assert.Null(dispute.SellerConsentsToArbitration);
    }

    [Fact]
    public void ComplianceDeadline_ClosesWithTheOutcomeAndNoReport()
    {
        var dispute = Filed();
        dispute.Respond(CaseRole.Seller, ResponseAction.Accept, null, null, null, false, Now, Periods);
        var deadline = dispute.Deadline!.Value;
        Assert.True(dispute.ExpireDeadline(DisputeStage.Compliance, deadline, deadline, Periods));
        Assert.Equal((DisputeStage.Closed, DisputeOutcome.Settled), (dispute.Stage, dispute.Outcome!.Value));
        Assert.Null(dispute.Complied);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void Withdraw_ClosesAtAnyStageBeforeTheAward(int stage)
    {
        var dispute = stage switch { 0 => Filed(), 1 => InNegotiation(), 2 => InMediation(), _ => InArbitration() };
        Assert.Equal(DomainErrorCode.NotPermitted, Assert.Throws<DomainException>(() => dispute.Withdraw(CaseRole.Seller, Now, Periods)).Code);
        dispute.Withdraw(CaseRole.Buyer, Now, Periods);
        Assert.Equal((DisputeStage.Closed, DisputeOutcome.Withdrawn), (dispute.Stage, dispute.Outcome!.Value));
        Single<DisputeWithdrawn>(dispute);
    }

    [Fact]
    public void Withdraw_AfterTheAward_IsRefused()
    {
        var dispute = InArbitration();
        dispute.IssueAward(CaseRole.Arbitrator, AwardDecision.FullRefund, null, LawCode.Parse("DE"), "Not delivered.", Now, Periods);
        Assert.Equal(DomainErrorCode.StageDoesNotAllow, Assert.Throws<DomainException>(() => dispute.Withdraw(CaseRole.Buyer, Now, Periods)).Code);
    }

    [Fact]
    public void Reminder_IsRecordedOncePerDeadline()
    {
        var dispute = Filed();
        var deadline = dispute.Deadline!.Value;
        Assert.True(dispute.RecordReminder(DisputeStage.AwaitingResponse, deadline, deadline.AddDays(-2)));
        Assert.False(dispute.RecordReminder(DisputeStage.AwaitingResponse, deadline, deadline.AddDays(-2)));
        Assert.False(dispute.RecordReminder(DisputeStage.Negotiation, deadline, deadline.AddDays(-2)));
    }

    [Fact]
    public void ClosedCase_RefusesEveryAction()
    {
        var dispute = Filed();
        dispute.Withdraw(CaseRole.Buyer, Now, Periods);
        Assert.Equal(DomainErrorCode.StageDoesNotAllow, Assert.Throws<DomainException>(() => dispute.MakeOffer(CaseRole.Buyer, Partial(1), null, Now)).Code);
        Assert.Equal(DomainErrorCode.StageDoesNotAllow, Assert.Throws<DomainException>(() => dispute.Escalate(CaseRole.Buyer, null, Now, Periods)).Code);
        Assert.Equal(DomainErrorCode.StageDoesNotAllow, Assert.Throws<DomainException>(() =>
            dispute.AddEvidence(EvidenceId.New(), CaseRole.Buyer, dispute.Buyer.UserId, "x.txt", "text/plain", 1, new string('a', 64), "", Now)).Code);
        Assert.False(dispute.ExpireDeadline(DisputeStage.AwaitingResponse, Now.AddDays(7), Now.AddDays(7), Periods));
    }

    [Fact]
    public void StageRules_EveryTransitionLeadsToAKnownStage_AndClosedIsFinal()
    {
        // Closed is final but for an appeal of an award or dismissal within its period.
        Assert.All(DisputeStageRules.Transitions.Where(t => t.From == DisputeStage.Closed),
            t => Assert.Equal((DisputeTrigger.Appealed, DisputeStage.Appeal), (t.Trigger, t.To)));
        foreach (var stage in Enum.GetValues<DisputeStage>().Where(s => s != DisputeStage.Closed))
        {
            Assert.Contains(DisputeStageRules.Transitions, t => t.From == stage && t.Trigger == DisputeTrigger.DeadlinePassed);
        }
        var mermaid = DisputeStageRules.ToMermaid();
        Assert.StartsWith("stateDiagram-v2", mermaid, StringComparison.Ordinal);
        Assert.Contains("mediation --> arbitration : deadline passes [both parties consented to arbitration]", mermaid, StringComparison.Ordinal);
    }
}
