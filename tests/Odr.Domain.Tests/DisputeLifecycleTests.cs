using Odr.Domain.Common;
using Odr.Domain.Disputes;
using Odr.Domain.Disputes.Events;
using Odr.Domain.Parties;

using static Odr.Domain.Tests.CaseFixtures;

namespace Odr.Domain.Tests;

/// <summary>Every path of overview.md through the aggregate, with the stage, outcome, deadline and events each leaves.</summary>
public class DisputeLifecycleTests
{
    private static T Single<T>(DisputeCase dispute) => Assert.Single(dispute.DomainEvents.OfType<T>());

    [Fact]
    public void Respond_Accept_SettlesAtResponseAndOpensCompliance()
    {
        var dispute = Filed();
        dispute.Respond(CaseRole.Seller, ResponseAction.Accept, null, null, null, true, Now.AddDays(1), Periods);

        Assert.Equal((DisputeStage.Compliance, DisputeOutcome.Settled, SettlementStage.Response), (dispute.Stage, dispute.Outcome!.Value, dispute.SettledAt!.Value));
        Assert.Equal(Now.AddDays(1) + Periods.Compliance, dispute.Deadline);
        Assert.Equal(RemedyType.FullRefund, dispute.AgreedRemedy!.Type);
        Assert.True(dispute.SellerConsentsToArbitration);
        Single<SellerResponded>(dispute);
        Single<DisputeSettled>(dispute);
        var moved = Single<StageChanged>(dispute);
        Assert.Equal((DisputeStage.AwaitingResponse, DisputeStage.Compliance), (moved.From, moved.To));
    }

    [Fact]
    public void Respond_CounterOffer_OpensNegotiationWithTheSellersOffer()
    {
        var dispute = Filed();
        dispute.Respond(CaseRole.Seller, ResponseAction.CounterOffer, Partial(40), "Half, as it arrived late", "Late but arrived", false, Now, Periods);

        Assert.Equal(DisputeStage.Negotiation, dispute.Stage);
        Assert.Equal(Now + Periods.Negotiation, dispute.Deadline);
        var offer = Assert.Single(dispute.Offers);
        Assert.Equal((CaseRole.Seller, OfferStatus.Open, 40m), (offer.From, offer.Status, offer.Remedy.Amount!.Value.Value));
        Single<OfferMade>(dispute);
    }

    [Fact]
    public void Respond_ByTheBuyerOrTwice_IsRefused()
    {
        var dispute = Filed();
        Assert.Equal(DomainErrorCode.NotPermitted,
            Assert.Throws<DomainException>(() => dispute.Respond(CaseRole.Buyer, ResponseAction.Accept, null, null, null, true, Now, Periods)).Code);
        dispute.Respond(CaseRole.Seller, ResponseAction.Contest, null, null, "No.", false, Now, Periods);
        Assert.Equal(DomainErrorCode.StageDoesNotAllow,
            Assert.Throws<DomainException>(() => dispute.Respond(CaseRole.Seller, ResponseAction.Accept, null, null, null, true, Now, Periods)).Code);
    }

    [Fact]
    public void Respond_ContestWithoutReasons_OrCounterOfferWithoutTerms_IsInvalid()
    {
        var dispute = Filed();
        Assert.Equal("statement", Assert.Throws<DomainException>(() => dispute.Respond(CaseRole.Seller, ResponseAction.Contest, null, null, " ", true, Now, Periods)).Field);
        Assert.Equal("offer.remedy", Assert.Throws<DomainException>(() => dispute.Respond(CaseRole.Seller, ResponseAction.CounterOffer, null, null, "x", true, Now, Periods)).Field);
        Assert.Equal(DisputeStage.AwaitingResponse, dispute.Stage);
    }

    [Fact]
    public void Offers_CounterOfferSupersedes_AndAcceptanceByTheOtherPartySettles()
    {
        var dispute = InNegotiation();
        var first = dispute.MakeOffer(CaseRole.Buyer, Partial(80), null, Now);
        var counter = dispute.MakeOffer(CaseRole.Seller, Partial(60), "Meet halfway?", Now);
        Assert.Equal(OfferStatus.Superseded, first.Status);

        Assert.Equal(DomainErrorCode.NotPermitted, Assert.Throws<DomainException>(() => dispute.AcceptOffer(CaseRole.Seller, counter.Id, Now, Periods)).Code);
        Assert.Equal(DomainErrorCode.Conflict, Assert.Throws<DomainException>(() => dispute.AcceptOffer(CaseRole.Seller, first.Id, Now, Periods)).Code);
        dispute.AcceptOffer(CaseRole.Buyer, counter.Id, Now.AddDays(2), Periods);

        Assert.Equal((DisputeStage.Compliance, SettlementStage.Negotiation), (dispute.Stage, dispute.SettledAt!.Value));
        Assert.Equal(60m, dispute.AgreedRemedy!.Amount!.Value.Value);
        Assert.Equal(OfferStatus.Accepted, counter.Status);
    }

    [Fact]
    public void RejectOffer_KeepsNegotiating()
    {
        var dispute = InNegotiation();
        var offer = dispute.MakeOffer(CaseRole.Seller, Partial(10), null, Now);
        dispute.RejectOffer(CaseRole.Buyer, offer.Id, Now);
        Assert.Equal((OfferStatus.Rejected, DisputeStage.Negotiation), (offer.Status, dispute.Stage));
        Single<OfferRejected>(dispute);
    }

    [Theory]
    [InlineData(90, 75, true, 82.50)]   // gap 15 ≤ 20% of 100: midpoint
    [InlineData(90, 95, true, 90.00)]   // the seller offers more than the buyer asks: the buyer's figure
    [InlineData(90, 69, false, 0)]      // gap 21 > 20
    [InlineData(90, 70, true, 80.00)]   // gap exactly 20
    public void BlindBids_SettleWithinTheGap(decimal buyer, decimal seller, bool settles, decimal agreed)
    {
        var dispute = InNegotiation();
        var first = dispute.PlaceBlindBid(CaseRole.Buyer, Money.Of(buyer, "EUR"), 20, Now, Periods);
        Assert.False(first.Settled);
        Assert.Null(first.AgreedAmount);

        var second = dispute.PlaceBlindBid(CaseRole.Seller, Money.Of(seller, "EUR"), 20, Now, Periods);

        Assert.Equal(settles, second.Settled);
        Assert.Equal(settles ? DisputeStage.Compliance : DisputeStage.Negotiation, dispute.Stage);
        if (settles)
        {
            Assert.Equal(agreed, second.AgreedAmount!.Value.Value);
            Assert.Equal((RemedyType.PartialRefund, agreed), (dispute.AgreedRemedy!.Type, dispute.AgreedRemedy.Amount!.Value.Value));
        }
        Assert.Equal(2, dispute.DomainEvents.OfType<BlindBidPlaced>().Count());
    }

    [Fact]
    public void BlindBids_AtMostThreePerParty_UsingEachSidesLatestFigure()
    {
        var dispute = InNegotiation();
        dispute.PlaceBlindBid(CaseRole.Seller, Money.Of(10, "EUR"), 20, Now, Periods);
        dispute.PlaceBlindBid(CaseRole.Buyer, Money.Of(100, "EUR"), 20, Now, Periods);
        dispute.PlaceBlindBid(CaseRole.Seller, Money.Of(30, "EUR"), 20, Now, Periods);
        var last = dispute.PlaceBlindBid(CaseRole.Seller, Money.Of(50, "EUR"), 20, Now, Periods);
        Assert.Equal((3, 0, false), (last.Round, last.RoundsLeft, last.Settled));
        Assert.Equal(DomainErrorCode.Conflict, Assert.Throws<DomainException>(() => dispute.PlaceBlindBid(CaseRole.Seller, Money.Of(90, "EUR"), 20, Now, Periods)).Code);
        Assert.True(dispute.PlaceBlindBid(CaseRole.Buyer, Money.Of(65, "EUR"), 20, Now, Periods).Settled); // 65 vs the seller's latest 50
        Assert.Equal(57.50m, dispute.AgreedRemedy!.Amount!.Value.Value);
    }

    [Fact]
    public void BlindBids_RefuseOtherCurrenciesAndAmountsAbovePaid()
    {
        var dispute = InNegotiation();
        Assert.Equal("amount.currency", Assert.Throws<DomainException>(() => dispute.PlaceBlindBid(CaseRole.Buyer, Money.Of(10, "USD"), 20, Now, Periods)).Field);
        Assert.Equal("amount.value", Assert.Throws<DomainException>(() => dispute.PlaceBlindBid(CaseRole.Buyer, Money.Of(100.01m, "EUR"), 20, Now, Periods)).Field);
    }

    [Fact]
    public void Escalate_FromNegotiation_GoesToMediation()
    {
        var dispute = InNegotiation();
        dispute.Escalate(CaseRole.Seller, "We need a neutral.", Now.AddDays(3), Periods);
        Assert.Equal("We need a neutral.", dispute.EscalationReason);
        Assert.Equal(DisputeStage.Mediation, dispute.Stage);
        Assert.Equal(Now.AddDays(3) + Periods.Mediation, dispute.Deadline);
        var escalated = Single<DisputeEscalated>(dispute);
        Assert.Equal((EscalatedBy.Party, CaseRole.Seller), (escalated.By, escalated.ByRole!.Value));
    }

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
    public void Mediation_ProposalAcceptedByBoth_Settles()
    {
        var dispute = InMediation();
        Assert.Equal(DomainErrorCode.NotPermitted, Assert.Throws<DomainException>(() => dispute.ProposeTerms(CaseRole.Buyer, Partial(50), null, Now)).Code);
        var proposal = dispute.ProposeTerms(CaseRole.Mediator, Partial(50), "Shared fault", Now);
        dispute.AcceptProposal(CaseRole.Buyer, proposal.Id, Now, Periods);
        Assert.Equal(DisputeStage.Mediation, dispute.Stage);
        Assert.Equal(DomainErrorCode.Conflict, Assert.Throws<DomainException>(() => dispute.AcceptProposal(CaseRole.Buyer, proposal.Id, Now, Periods)).Code);
        dispute.AcceptProposal(CaseRole.Seller, proposal.Id, Now.AddHours(1), Periods);

        Assert.Equal((DisputeStage.Compliance, SettlementStage.Mediation, ProposalStatus.Accepted), (dispute.Stage, dispute.SettledAt!.Value, proposal.Status));
    }

    [Fact]
    public void Mediation_AnOfferAcceptedThere_SettlesInMediation()
    {
        var dispute = InMediation();
        var offer = dispute.MakeOffer(CaseRole.Seller, Partial(70), null, Now);
        dispute.AcceptOffer(CaseRole.Buyer, offer.Id, Now, Periods);
        Assert.Equal(SettlementStage.Mediation, dispute.SettledAt);
    }

    [Fact]
    public void Impasse_WithBothConsents_GoesToArbitration()
    {
        var dispute = InMediation();
        dispute.DeclareImpasse(CaseRole.Mediator, "Positions too far apart.", Now, Periods);
        Assert.Equal(DisputeStage.Arbitration, dispute.Stage);
        Assert.Equal("Positions too far apart.", dispute.MediatorRecommendation);
        Single<ImpasseDeclared>(dispute);
    }

    [Fact]
    public void Impasse_WithoutTheSellersConsent_ClosesUnresolvedWithTheRecommendation()
    {
        var dispute = InMediation(sellerConsents: false);
        dispute.DeclareImpasse(CaseRole.Mediator, "I recommend a 50% refund.", Now.AddDays(5), Periods);
        Assert.Equal((DisputeStage.Closed, DisputeOutcome.Unresolved), (dispute.Stage, dispute.Outcome!.Value));
        Assert.Equal(Now.AddDays(5), dispute.ClosedAt);
        Assert.Null(dispute.Deadline);
        Assert.Equal("I recommend a 50% refund.", dispute.MediatorRecommendation);
        Assert.Equal(DisputeOutcome.Unresolved, Single<DisputeClosed>(dispute).Outcome);
    }

    [Fact]
    public void MediationDeadline_WithoutConsent_ClosesUnresolvedWithTheLastProposalAsRecommendation()
    {
        var dispute = InMediation(buyerConsents: false);
        dispute.ProposeTerms(CaseRole.Mediator, Partial(30), "30 EUR would be fair.", Now);
        var deadline = dispute.Deadline!.Value;
        Assert.True(dispute.ExpireDeadline(DisputeStage.Mediation, deadline, deadline, Periods));
        Assert.Equal((DisputeStage.Closed, DisputeOutcome.Unresolved), (dispute.Stage, dispute.Outcome!.Value));
        Assert.Equal("30 EUR would be fair.", dispute.MediatorRecommendation);
    }

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
        Assert.DoesNotContain(DisputeStageRules.Transitions, t => t.From == DisputeStage.Closed);
        foreach (var stage in Enum.GetValues<DisputeStage>().Where(s => s != DisputeStage.Closed))
        {
            Assert.Contains(DisputeStageRules.Transitions, t => t.From == stage && t.Trigger == DisputeTrigger.DeadlinePassed);
        }
        var mermaid = DisputeStageRules.ToMermaid();
        Assert.StartsWith("stateDiagram-v2", mermaid, StringComparison.Ordinal);
        Assert.Contains("mediation --> arbitration : deadline passes [both parties consented to arbitration]", mermaid, StringComparison.Ordinal);
    }
}
