using Odr.Domain.Disputes;
using Odr.Domain.Parties;
using Odr.Web.Features.Disputes;
using Odr.Web.Infrastructure;

namespace Odr.Web.Features.Negotiation;

// Requests of the negotiation's actions (api.md). Nullable throughout: missing fields are reported by name.

public sealed record MakeOfferRequest(RemedyInput? Remedy, [property: MultiLineText] string? Message);

public sealed record BlindBidRequest(MoneyDto? Amount);

/// <summary>What a bidder learns: their round, what is left, and whether the case settled (and at what amount). Never a figure.</summary>
public sealed record BlindBidResponse(int Round, int RoundsLeft, bool Settled, MoneyResponse? AgreedAmount);

// What the case shows of the negotiation.

public sealed record OfferResponse(Guid Id, CaseRole From, RemedyResponse Remedy, string? Message, OfferStatus Status, DateTimeOffset CreatedAt,
    DateTimeOffset? DecidedAt);

/// <summary>
/// Blind bidding as the viewer may see it: whether it is open to them and how many of their rounds are left.
/// Never a figure, of either side.
/// </summary>
public sealed record BlindBiddingResponse(bool Available, int RoundsUsed, int RoundsLeft);
