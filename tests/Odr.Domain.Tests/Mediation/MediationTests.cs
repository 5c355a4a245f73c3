using Odr.Domain.Common;
using Odr.Domain.Disputes;
using Odr.Domain.Disputes.Events;
using Odr.Domain.Parties;
using static Odr.Domain.Tests.CaseFixtures;

namespace Odr.Domain.Tests.Mediation;

/// <summary>Mediation: proposals, impasse and how mediation ends, with or without both consents to arbitration.</summary>
public class MediationTests
{
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
}
