using Odr.Domain.Common;
using Odr.Domain.Disputes;
using Odr.Domain.Disputes.Events;
using Odr.Domain.Parties;
using static Odr.Domain.Tests.CaseFixtures;

namespace Odr.Domain.Tests.Response;

/// <summary>The seller's response: what it settles, what it opens, and who may give it.</summary>
public class ResponseTests
{
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
}
