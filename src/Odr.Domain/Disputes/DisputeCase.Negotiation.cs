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

    /// <summary>Whether <paramref name="viewer"/> may make an offer now: a party, in negotiation or mediation.</summary>
    public Refusal? CanMakeOffer(CaseRole viewer) =>
        OnlyAParty(viewer, "make an offer") ?? OnlyIn("make an offer", DisputeStage.Negotiation, DisputeStage.Mediation);

    /// <summary>A party proposes terms, in negotiation or mediation. Earlier open offers are superseded.</summary>
    public Offer MakeOffer(CaseRole by, Remedy remedy, string? message, DateTimeOffset now)
    {
        Ensure(CanMakeOffer(by));
        return AddOffer(by, remedy, message, now);
    }

    /// <summary>Whether <paramref name="viewer"/> may accept offers at this stage (which offer: <see cref="CanDecide(CaseRole, Offer)"/>).</summary>
    public Refusal? CanAcceptOffer(CaseRole viewer) =>
        OnlyAParty(viewer, "accept an offer") ?? OnlyIn("accept an offer", DisputeStage.Negotiation, DisputeStage.Mediation);

    public void AcceptOffer(CaseRole by, OfferId offerId, DateTimeOffset now, StagePeriods periods)
    {
        Ensure(CanAcceptOffer(by));
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

    /// <summary>Whether <paramref name="viewer"/> may reject offers at this stage (which offer: <see cref="CanDecide(CaseRole, Offer)"/>).</summary>
    public Refusal? CanRejectOffer(CaseRole viewer) =>
        OnlyAParty(viewer, "reject an offer") ?? OnlyIn("reject an offer", DisputeStage.Negotiation, DisputeStage.Mediation);

    public void RejectOffer(CaseRole by, OfferId offerId, DateTimeOffset now)
    {
        Ensure(CanRejectOffer(by));
        OpenOfferFor(by, offerId).Decide(OfferStatus.Rejected, now);
        Touch();
        Raise(new OfferRejected(Id, offerId, by, now));
    }

    /// <summary>The blind-bid rounds <paramref name="party"/> has used.</summary>
    public int BlindBidRoundsUsed(CaseRole party) => _blindBids.Count(b => b.Party == party);

    /// <summary>Whether <paramref name="viewer"/> may bid now: a party, in negotiation, on a money claim, with rounds left.</summary>
    public Refusal? CanPlaceBlindBid(CaseRole viewer) =>
        OnlyAParty(viewer, "place a blind bid")
        ?? OnlyIn("place a blind bid", DisputeStage.Negotiation)
        ?? (IsMoneyClaim ? null : new Refusal(DomainErrorCode.Conflict, "notMoneyClaim",
            "Blind bidding is for money claims; this claim asks for a replacement or repair."))
        ?? (BlindBidRoundsUsed(viewer) < BlindBid.MaxRoundsPerParty ? null : new Refusal(DomainErrorCode.Conflict, "noBlindBidRoundsLeft",
            $"Each party may bid at most {BlindBid.MaxRoundsPerParty} times.") { Args = [BlindBid.MaxRoundsPerParty] });

    /// <summary>
    /// A confidential figure: the buyer's lowest acceptable refund, or the seller's highest. When the latest figures of
    /// both are within <paramref name="maxGapPercent"/> of the claimed amount, the case settles at their midpoint;
    /// when the seller's is at or above the buyer's, at the buyer's. Neither figure is ever disclosed.
    /// </summary>
    public BlindBidResult PlaceBlindBid(CaseRole by, Money amount, decimal maxGapPercent, DateTimeOffset now, StagePeriods periods)
    {
        Ensure(CanPlaceBlindBid(by));
        if (amount.Currency != Order.AmountPaid.Currency)
        {
            throw new DomainException(DomainErrorCode.InvalidValue, $"Bid in the currency paid ({Order.AmountPaid.Currency.Code}).", "amount.currency", "bidCurrency") { Args = [Order.AmountPaid.Currency.Code] };
        }
        if (amount.IsZero || amount.IsGreaterThan(Order.AmountPaid))
        {
            throw new DomainException(DomainErrorCode.InvalidValue, $"A bid is more than zero and at most the amount paid ({Order.AmountPaid}).", "amount.value", "bidRange") { Args = [Order.AmountPaid] };
        }
        var round = BlindBidRoundsUsed(by) + 1;
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

    /// <summary>Whether <paramref name="viewer"/> may move the case on now: a party, in negotiation or mediation.</summary>
    public Refusal? CanEscalate(CaseRole viewer) =>
        OnlyAParty(viewer, "escalate the case") ?? OnlyIn("escalate", DisputeStage.Negotiation, DisputeStage.Mediation);

    /// <summary>A party moves the case on: negotiation to mediation; mediation to arbitration (or, without both consents, closed).</summary>
    public void Escalate(CaseRole by, string? reason, DateTimeOffset now, StagePeriods periods)
    {
        Ensure(CanEscalate(by));
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
            throw new DomainException(DomainErrorCode.Conflict, $"A case holds at most {MaxOffers} offers.", null, "tooManyOffers") { Args = [MaxOffers] };
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
            ?? throw new DomainException(DomainErrorCode.InvalidValue, "There is no such offer on this case.", "offerId", "noSuchOffer");
        Ensure(CanDecide(by, offer));
        return offer;
    }

    /// <summary>Whether <paramref name="viewer"/> may accept or reject this offer: the other party's, while it is open.</summary>
    public static Refusal? CanDecide(CaseRole viewer, Offer offer)
    {
        if (offer.From == viewer)
        {
            return new Refusal(DomainErrorCode.NotPermitted, "ownOffer", "Only the other party can accept or reject an offer.");
        }
        return offer.Status == OfferStatus.Open
            ? null
            : new Refusal(DomainErrorCode.Conflict, "offerNotOpen", $"This offer is no longer open (it was {offer.Status.ToString().ToLowerInvariant()}).") { Args = [offer.Status] };
    }
}
