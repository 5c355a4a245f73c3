using Odr.Domain.Disputes;
using Odr.Domain.Parties;
using Odr.Web.Features.GoverningLaw;
using Odr.Web.Infrastructure;

namespace Odr.Web.Features.Disputes;

// Requests of the lifecycle actions (api.md). Nullable throughout: missing fields are reported by name.

public sealed record OfferInput(RemedyInput? Remedy, [property: MultiLineText] string? Message);

public sealed record LawPositionInput(string? Law, [property: MultiLineText] string? Reason);

public sealed record RespondRequest(ResponseAction? Action, OfferInput? Offer, [property: MultiLineText] string? Statement, bool? ConsentToArbitration,
    LawPositionInput? GoverningLawPosition = null);

public sealed record ConfirmLawRequest(string? Law);

public sealed record CorrectFactsRequest(
    YesNoUnknown? SellerDirectsToBuyerCountry,
    string? ChoiceOfLaw,
    bool? RemoveChoiceOfLaw,
    Domain.GoverningLaw.ChoiceOfLawSource? ChoiceOfLawSource,
    Domain.GoverningLaw.ContractType? ContractType,
    string? BuyerSubdivision,
    string? SellerSubdivision,
    bool? CisgExpresslyExcluded);

public sealed record LawPositionResponse(string Law, string? Reason, DateTimeOffset At);

public sealed record ConfirmedLawResponse(string Law, DateTimeOffset At);

public sealed record ContractFactsResponse(string? BuyerSubdivision, string? SellerSubdivision, YesNoUnknown SellerDirectsToBuyerCountry,
    Domain.GoverningLaw.ContractType ContractType, string? ChoiceOfLaw, Domain.GoverningLaw.ChoiceOfLawSource ChoiceOfLawSource, bool CisgExpresslyExcluded);

/// <summary>api.md's <c>governingLaw</c>: the suggestion (explained in the case's language), each position, the confirmation.</summary>
public sealed record GoverningLawResponse(GoverningLaw.AssessmentResponse? Suggestion, LawPositionResponse? BuyerPosition,
    LawPositionResponse? SellerPosition, ConfirmedLawResponse? Confirmed, ContractFactsResponse Facts);

public sealed record EscalateRequest([property: MultiLineText] string? Reason);

public sealed record ComplianceRequest(bool? Complied, [property: MultiLineText] string? Note);

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
