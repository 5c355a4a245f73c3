using Odr.Domain.Common;
using Odr.Domain.Parties;

namespace Odr.Domain.Disputes;

public enum OfferStatus
{
    Open,
    Accepted,
    Rejected,
    Superseded,
}

/// <summary>A party's proposal of terms, open until the other party accepts or rejects it or a newer offer replaces it.</summary>
public sealed class Offer : Entity<OfferId>
{
    public const int MessageMaxLength = 2_000;

    private Offer() { } // EF

    internal Offer(OfferId id, DisputeId disputeId, CaseRole from, Remedy remedy, string? message, DateTimeOffset now)
    {
        Id = id;
        DisputeId = disputeId;
        From = from;
        Remedy = remedy;
        Message = message;
        Status = OfferStatus.Open;
        CreatedAt = now;
    }

    public DisputeId DisputeId { get; private set; }

    public CaseRole From { get; private set; }

    public Remedy Remedy { get; private set; } = null!;

    public string? Message { get; private set; }

    public OfferStatus Status { get; private set; }

    public DateTimeOffset CreatedAt { get; private set; }

    public DateTimeOffset? DecidedAt { get; private set; }

    internal void Decide(OfferStatus status, DateTimeOffset now)
    {
        Status = status;
        DecidedAt = now;
    }
}

/// <summary>
/// One confidential figure in double-blind bidding: the buyer's demand or the seller's offer. Never shown to the
/// other side; only whether the figures met, and if so the agreed amount, ever leaves the aggregate.
/// </summary>
public sealed class BlindBid : Entity<BlindBidId>
{
    public const int MaxRoundsPerParty = 3;

    private BlindBid() { } // EF

    internal BlindBid(BlindBidId id, DisputeId disputeId, CaseRole party, int round, Money amount, DateTimeOffset now)
    {
        Id = id;
        DisputeId = disputeId;
        Party = party;
        Round = round;
        Amount = amount;
        PlacedAt = now;
    }

    public DisputeId DisputeId { get; private set; }

    public CaseRole Party { get; private set; }

    public int Round { get; private set; }

    public Money Amount { get; private set; }

    public DateTimeOffset PlacedAt { get; private set; }
}

/// <summary>What a bidder may learn: their round, what is left, and whether the case settled (at what amount).</summary>
public sealed record BlindBidResult(int Round, int RoundsLeft, bool Settled, Money? AgreedAmount);
