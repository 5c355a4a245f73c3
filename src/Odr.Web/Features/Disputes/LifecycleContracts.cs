using Odr.Domain.Disputes;
using Odr.Domain.Parties;

namespace Odr.Web.Features.Disputes;

// Requests of the lifecycle actions (api.md). Nullable throughout: missing fields are reported by name.

public sealed record OfferInput(RemedyInput? Remedy, string? Message);

public sealed record RespondRequest(ResponseAction? Action, OfferInput? Offer, string? Statement, bool? ConsentToArbitration);

public sealed record EscalateRequest(string? Reason);

public sealed record ComplianceRequest(bool? Complied, string? Note);

public sealed record CreatedResponse(Guid Id);

// What the case shows of the lifecycle.

public sealed record OfferResponse(Guid Id, CaseRole From, RemedyResponse Remedy, string? Message, OfferStatus Status, DateTimeOffset CreatedAt,
    DateTimeOffset? DecidedAt);

public sealed record ProposalResponse(Guid Id, RemedyResponse Remedy, string Note, ProposalStatus Status, bool AcceptedByBuyer,
    bool AcceptedBySeller, DateTimeOffset CreatedAt);

public sealed record EvidenceRequestResponse(Guid Id, CaseRole From, string Request, DateTimeOffset DueAt, EvidenceRequestStatus Status);

public sealed record SellerResponseView(ResponseAction Action, string? Statement, DateTimeOffset RespondedAt);

public sealed record SettlementResponse(SettlementStage Stage, RemedyResponse Terms);

public sealed record AwardResponse(AwardDecision Decision, MoneyResponse? Amount, string GoverningLaw, string Reasons, DateTimeOffset AwardedAt);

public sealed record ComplianceResponse(DateTimeOffset? Deadline, bool? Complied, string? Note);

/// <summary>
/// Blind bidding as the viewer may see it: whether it is open to them and how many of their rounds are left.
/// Never a figure, of either side.
/// </summary>
public sealed record BlindBiddingResponse(bool Available, int RoundsUsed, int RoundsLeft);
