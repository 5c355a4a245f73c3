using Odr.Domain.Common;
using Odr.Domain.Disputes;
using Odr.Domain.Disputes.Events;
using Odr.Domain.Parties;
using static Odr.Domain.Tests.CaseFixtures;

namespace Odr.Domain.Tests.Arbitration;

/// <summary>Arbitration: the arbitrator, evidence requests, the award and the arbitrator's deadline.</summary>
public class ArbitrationTests
{
    [Fact]
    public void Arbitration_TheMediatorCannotArbitrate()
    {
        var dispute = InMediation();
        dispute.DeclareImpasse(CaseRole.Mediator, null, Now, Periods);
        Assert.Equal(DomainErrorCode.Conflict, Assert.Throws<DomainException>(() => dispute.AssignArbitrator(Mediator, Now)).Code);
        Assert.True(dispute.AssignArbitrator(Arbitrator, Now));
        Assert.False(dispute.AssignArbitrator(new UserId(Guid.NewGuid()), Now)); // already assigned
    }

    [Fact]
    public void Arbitration_EvidenceRequest_IsAnsweredByThatPartysEvidenceOrLapses()
    {
        var dispute = InArbitration();
        var answered = dispute.RequestEvidence(CaseRole.Arbitrator, CaseRole.Seller, "Proof of delivery", 5, Now);
        var lapsing = dispute.RequestEvidence(CaseRole.Arbitrator, CaseRole.Buyer, "Photos of the parcel", 3, Now);
        Assert.Equal(Now.AddDays(5), answered.DueAt);

        dispute.AddEvidence(EvidenceId.New(), CaseRole.Seller, new UserId(Guid.NewGuid()), "pod.pdf", "application/pdf", 10, new string('c', 64), "", Now.AddDays(1));
        Assert.Equal(EvidenceRequestStatus.Answered, answered.Status);
        Assert.False(dispute.LapseEvidenceRequest(lapsing.Id, Now.AddDays(2)));
        Assert.True(dispute.LapseEvidenceRequest(lapsing.Id, Now.AddDays(3)));
        Assert.False(dispute.LapseEvidenceRequest(answered.Id, Now.AddDays(6)));
        Assert.Equal(EvidenceRequestStatus.Lapsed, lapsing.Status);
    }

    [Fact]
    public void Award_Refund_OpensCompliance_AndTheBuyersReportCloses()
    {
        var dispute = InArbitration();
        dispute.IssueAward(CaseRole.Arbitrator, AwardDecision.PartialRefund, Money.Of(45, "EUR"), LawCode.Parse("DE"), "Partly delivered.", Now, Periods);
        Assert.Equal((DisputeStage.Compliance, DisputeOutcome.Awarded), (dispute.Stage, dispute.Outcome!.Value));
        Assert.Equal(45m, dispute.AwardAmount!.Value.Value);

        dispute.ReportCompliance(CaseRole.Buyer, true, "Refund received.", Now.AddDays(3), Periods);

        Assert.Equal((DisputeStage.Closed, DisputeOutcome.Awarded, true), (dispute.Stage, dispute.Outcome!.Value, dispute.Complied!.Value));
        var closed = Single<DisputeClosed>(dispute);
        Assert.True(closed.Complied);
    }

    [Fact]
    public void Award_Dismissal_ClosesTheCase()
    {
        var dispute = InArbitration();
        dispute.IssueAward(CaseRole.Arbitrator, AwardDecision.Dismissed, null, LawCode.Parse("CN"), "Delivery proven.", Now, Periods);
        Assert.Equal((DisputeStage.Closed, DisputeOutcome.Dismissed), (dispute.Stage, dispute.Outcome!.Value));
    }

    [Theory]
    [InlineData(AwardDecision.PartialRefund, null)]
    [InlineData(AwardDecision.PartialRefund, 100.01)]
    [InlineData(AwardDecision.FullRefund, 50.0)]
    [InlineData(AwardDecision.Replacement, 10.0)]
    public void Award_WithAnAmountThatDoesNotFitTheDecision_IsInvalid(AwardDecision decision, double? amount)
    {
        var dispute = InArbitration();
        var money = amount is null ? (Money?)null : Money.Of((decimal)amount.Value, "EUR");
        Assert.Equal("amount", Assert.Throws<DomainException>(() =>
            dispute.IssueAward(CaseRole.Arbitrator, decision, money, LawCode.Parse("DE"), "Reasons.", Now, Periods)).Field);
    }

    [Fact]
    public void Award_WithoutReasons_OrByTheMediator_IsRefused()
    {
        var dispute = InArbitration();
        Assert.Equal("reasons", Assert.Throws<DomainException>(() => dispute.IssueAward(CaseRole.Arbitrator, AwardDecision.FullRefund, null, LawCode.Parse("DE"), "  ", Now, Periods)).Field);
        Assert.Equal(DomainErrorCode.NotPermitted, Assert.Throws<DomainException>(() => dispute.IssueAward(CaseRole.Mediator, AwardDecision.FullRefund, null, LawCode.Parse("DE"), "x", Now, Periods)).Code);
    }

    [Fact]
    public void ArbitrationDeadline_ReplacesTheArbitratorWithAFreshPeriod()
    {
        var dispute = InArbitration();
        var deadline = dispute.Deadline!.Value;
        Assert.True(dispute.ExpireDeadline(DisputeStage.Arbitration, deadline, deadline, Periods));
        Assert.Equal((DisputeStage.Arbitration, (UserId?)null, (UserId?)Arbitrator), (dispute.Stage, dispute.ArbitratorId, dispute.ReplacedArbitratorId));
        Assert.Equal(deadline + Periods.Arbitration, dispute.Deadline);
        Assert.Equal(DomainErrorCode.Conflict, Assert.Throws<DomainException>(() => dispute.AssignArbitrator(Arbitrator, deadline)).Code);
    }
}
