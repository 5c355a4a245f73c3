using Odr.Domain.Common;
using Odr.Domain.Disputes.Events;
using Odr.Domain.Parties;

namespace Odr.Domain.Disputes;

/// <summary>Negotiation: offers, blind bids and a party's escalation.</summary>
public sealed partial class DisputeCase
{
    public const int MaxOffers = 100;
    private readonly List<Offer> _offers = [];
    private readonly List<BlindBid> _blindBids = [];
    /// <summary>Why a party last escalated the case, in its own words.</summary>
    public string? EscalationReason { get; private set; }

    public IReadOnlyList<Offer> Offers => _offers;

    public IReadOnlyList<BlindBid> BlindBids => _blindBids;

    /// <summary>A party proposes terms, in negotiation or mediation. Earlier open offers are superseded.</summary>
    public Offer MakeOffer(CaseRole by, Remedy remedy, string? message, DateTimeOffset now)
    {
        EnsureParty(by, "make an offer");
        EnsureStage("make an offer", DisputeStage.Negotiation, DisputeStage.Mediation);
        return AddOffer(by, remedy, message, now);
    }

    public void AcceptOffer(CaseRole by, OfferId offerId, DateTimeOffset now, StagePeriods periods)
    {
        EnsureParty(by, "accept an offer");
        EnsureStage("accept an offer", DisputeStage.Negotiation, DisputeStage.Mediation);
        var offer = OpenOfferFor(by, offerId);
        offer.Decide(OfferStatus.Accepted, now);
        foreach (var other in _offers.Where(o => o.Status == OfferStatus.Open))
        {
            other.Decide(OfferStatus.Superseded, now);
        }
        Raise(new OfferAccepted(Id, offerId, by, now));
        Settle(Stage == DisputeStage.Negotiation ? SettlementStage.Negotiation : SettlementStage.Mediation, offer.Remedy,
            DisputeTrigger.OfferAccepted, now, periods);
    }

    public void RejectOffer(CaseRole by, OfferId offerId, DateTimeOffset now)
    {
        EnsureParty(by, "reject an offer");
        EnsureStage("reject an offer", DisputeStage.Negotiation, DisputeStage.Mediation);
        OpenOfferFor(by, offerId).Decide(OfferStatus.Rejected, now);
        Touch();
        Raise(new OfferRejected(Id, offerId, by, now));
    }

    /// <summary>
    /// A confidential figure: the buyer's lowest acceptable refund, or the seller's highest. When the latest figures of
    /// both are within <paramref name="maxGapPercent"/> of the claimed amount, the case settles at their midpoint;
    /// when the seller's is at or above the buyer's, at the buyer's. Neither figure is ever disclosed.
    /// </summary>
    public BlindBidResult PlaceBlindBid(CaseRole by, Money amount, decimal maxGapPercent, DateTimeOffset now, StagePeriods periods)
    {
        EnsureParty(by, "place a blind bid");
        EnsureStage("place a blind bid", DisputeStage.Negotiation);
        if (!IsMoneyClaim)
        {
            throw new DomainException(DomainErrorCode.Conflict, "Blind bidding is for money claims; this claim asks for a replacement or repair.");
        }
        if (amount.Currency != Order.AmountPaid.Currency)
        {
            throw new DomainException(DomainErrorCode.InvalidValue, $"Bid in the currency paid ({Order.AmountPaid.Currency.Code}).", "amount.currency");
        }
        if (amount.IsZero || amount.IsGreaterThan(Order.AmountPaid))
        {
            throw new DomainException(DomainErrorCode.InvalidValue, $"A bid is more than zero and at most the amount paid ({Order.AmountPaid}).", "amount.value");
        }
        var round = _blindBids.Count(b => b.Party == by) + 1;
        if (round > BlindBid.MaxRoundsPerParty)
        {
            throw new DomainException(DomainErrorCode.Conflict, $"Each party may bid at most {BlindBid.MaxRoundsPerParty} times.");
        }
        _blindBids.Add(new BlindBid(BlindBidId.New(), Id, by, round, amount, now));
        Touch();
        Raise(new BlindBidPlaced(Id, by, round, now));

        var demand = _blindBids.Where(b => b.Party == CaseRole.Buyer).MaxBy(b => b.Round)?.Amount;
        var offer = _blindBids.Where(b => b.Party == CaseRole.Seller).MaxBy(b => b.Round)?.Amount;
        Money? agreed = null;
        if (demand is { } d && offer is { } o)
        {
            if (!d.IsGreaterThan(o))
            {
                agreed = d;
            }
            else if (d.Value - o.Value <= ClaimedAmount.Value * maxGapPercent / 100m)
            {
                agreed = d.MidpointWith(o);
            }
        }
        if (agreed is { } settledAmount)
        {
            Settle(SettlementStage.Negotiation, Remedy.Create(RemedyType.PartialRefund, settledAmount, Order.AmountPaid),
                DisputeTrigger.BlindBidsMatched, now, periods);
        }
        return new BlindBidResult(round, BlindBid.MaxRoundsPerParty - round, agreed is not null, agreed);
    }

    /// <summary>A party moves the case on: negotiation to mediation; mediation to arbitration (or, without both consents, closed).</summary>
    public void Escalate(CaseRole by, string? reason, DateTimeOffset now, StagePeriods periods)
    {
        EnsureParty(by, "escalate the case");
        EnsureStage("escalate", DisputeStage.Negotiation, DisputeStage.Mediation);
        var text = OptionalText(reason, NoteMaxLength, "reason");
        EscalationReason = text.Length == 0 ? null : text;
        if (Stage == DisputeStage.Negotiation)
        {
            var from = Stage;
            MoveTo(DisputeTrigger.PartyEscalated, now, periods);
            Raise(new DisputeEscalated(Id, from, Stage, EscalatedBy.Party, by, now));
        }
        else
        {
            EndMediation(DisputeTrigger.PartyEscalated, EscalatedBy.Party, by, now, periods);
        }
    }

    private Offer AddOffer(CaseRole by, Remedy remedy, string? message, DateTimeOffset now)
    {
        _ = Remedy.Create(remedy.Type, remedy.Amount, Order.AmountPaid);
        var text = OptionalText(message, Offer.MessageMaxLength, "message");
        if (_offers.Count >= MaxOffers)
        {
            throw new DomainException(DomainErrorCode.Conflict, $"A case holds at most {MaxOffers} offers.");
        }
        foreach (var open in _offers.Where(o => o.Status == OfferStatus.Open))
        {
            open.Decide(OfferStatus.Superseded, now);
        }
        var offer = new Offer(OfferId.New(), Id, by, remedy, text.Length == 0 ? null : text, now);
        _offers.Add(offer);
        Touch();
        Raise(new OfferMade(Id, offer.Id, by, remedy, now));
        return offer;
    }

    private Offer OpenOfferFor(CaseRole by, OfferId offerId)
    {
        var offer = _offers.FirstOrDefault(o => o.Id == offerId)
            ?? throw new DomainException(DomainErrorCode.InvalidValue, "There is no such offer on this case.", "offerId");
        if (offer.From == by)
        {
            throw new DomainException(DomainErrorCode.NotPermitted, "Only the other party can accept or reject an offer.");
        }
        if (offer.Status != OfferStatus.Open)
        {
            throw new DomainException(DomainErrorCode.Conflict, $"This offer is no longer open (it was {offer.Status.ToString().ToLowerInvariant()}).");
        }
        return offer;
    }
}
