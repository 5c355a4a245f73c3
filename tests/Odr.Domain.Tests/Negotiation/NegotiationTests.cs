using Odr.Domain.Common;
using Odr.Domain.Disputes;
using Odr.Domain.Disputes.Events;
using Odr.Domain.Parties;
using static Odr.Domain.Tests.CaseFixtures;

namespace Odr.Domain.Tests.Negotiation;

/// <summary>Negotiation: offers, blind bids and a party's escalation to mediation.</summary>
public class NegotiationTests
{
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
}
