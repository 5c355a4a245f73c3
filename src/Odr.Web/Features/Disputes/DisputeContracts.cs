using System.ComponentModel;
using Odr.Domain.Disputes;
using Odr.Domain.Parties;
using Odr.Web.Features.Arbitration;
using Odr.Web.Features.GoverningLaw;
using Odr.Web.Features.Mediation;
using Odr.Web.Features.Negotiation;
using Odr.Web.Features.Response;
using Odr.Web.Infrastructure;

namespace Odr.Web.Features.Disputes;

// Request records are all-nullable on purpose: a missing field is reported by the validator, by name, instead of
// failing deserialisation with one vague message.

public sealed record MoneyDto(decimal? Value, string? Currency);

public sealed record BuyerInput(string? Country, BuyerType? Type, string? Subdivision = null);

public sealed record SellerInput(string? Name, string? Email, string? Country, SellerType? Type, YesNoUnknown? DirectsToBuyerCountry,
    string? Subdivision = null);

public sealed record RemedyInput(RemedyType? Type, MoneyDto? Amount);

public sealed record FileCaseRequest(
    string? Marketplace,
    string? OrderReference,
    DateOnly? OrderDate,
    string? Item,
    MoneyDto? Amount,
    BuyerInput? Buyer,
    SellerInput? Seller,
    ClaimType? ClaimType,
    [property: MultiLineText] string? Description,
    RemedyInput? Remedy,
    string? Language,
    string? ChoiceOfLaw,
    bool? ConsentToArbitration,
    Domain.GoverningLaw.ContractType? ContractType = null,
    Domain.GoverningLaw.ChoiceOfLawSource? ChoiceOfLawSource = null,
    bool? CisgExpresslyExcluded = null);

public sealed record MoneyResponse(decimal Value, string Currency);

public sealed record BuyerResponse(string Country, BuyerType Type);

/// <summary>
/// The seller as the case names it; <c>VerifiedBy</c>: who vouches for the name and type, the marketplace that filed the case or
/// <c>seller</c> (its own profile, whose name, type and country are then shown); none: as stated by the buyer.
/// </summary>
public sealed record SellerResponse(string Name, string Email, string Country, SellerType Type, YesNoUnknown DirectsToBuyerCountry,
    string? VerifiedBy = null, string? RegistrationNumber = null);

public sealed record RemedyResponse(RemedyType Type, MoneyResponse? Amount);

public sealed record ConsentResponse(bool Buyer, bool? Seller);

public sealed record EvidenceResponse(Guid Id, string FileName, string ContentType, long SizeBytes, string Sha256, string Description,
    CaseRole SubmittedBy, DateTimeOffset SubmittedAt);

/// <summary>A case as its viewer may see it (api.md).</summary>
public sealed record CaseResponse(
    Guid Id,
    string Number,
    DisputeStage Stage,
    DisputeOutcome? Outcome,
    SettlementStage? SettledAt,
    DateTimeOffset? Deadline,
    CaseRole ViewerRole,
    string Marketplace,
    string OrderReference,
    DateOnly OrderDate,
    string Item,
    MoneyResponse Amount,
    BuyerResponse Buyer,
    SellerResponse Seller,
    ClaimType ClaimType,
    string Description,
    RemedyResponse Remedy,
    CaseLanguage Language,
    string? ChoiceOfLaw,
    ConsentResponse Consent,
    IReadOnlyList<EvidenceResponse> Evidence,
    DateTimeOffset CreatedAt,
    DateTimeOffset? ClosedAt,
    SellerResponseView? Response,
    IReadOnlyList<OfferResponse> Offers,
    BlindBiddingResponse BlindBidding,
    Guid? MediatorId,
    IReadOnlyList<ProposalResponse> Proposals,
    string? MediatorRecommendation,
    Guid? ArbitratorId,
    IReadOnlyList<EvidenceRequestResponse> EvidenceRequests,
    SettlementResponse? Settlement,
    AwardResponse? Award,
    ComplianceResponse? Compliance,
    GoverningLawResponse GoverningLaw,
    IReadOnlyList<Rulings.DocumentResponse> Documents,
    IReadOnlyList<UndeliveredNoticeResponse> UndeliveredNotices,
    [property: Description("What the viewer may do with the case now (each the action of one endpoint): respond, makeOffer, acceptOffer, "
        + "rejectOffer, placeBlindBid, escalate, proposeTerms, acceptProposal, declareImpasse, requestEvidence, confirmGoverningLaw, "
        + "issueAward, takeGoverningLawPosition, correctContractFacts, addEvidence, withdraw, reportCompliance, appeal, decideAppeal, reportPerformance. The aggregate's own "
        + "guards answer, so an action listed here is not refused for the viewer's role or the case's stage.")]
    IReadOnlyList<CaseAction> AvailableActions,
    CaseFiler FiledBy = CaseFiler.Buyer,
    Appeals.AppealResponse? Appeal = null,
    Marketplaces.ExecutionResponse? Execution = null);

/// <summary>
/// A notice about the case that could not be delivered to <paramref name="Recipient"/> (kind: e.g. <c>ComplaintFiled</c>),
/// since when. While the seller's notice of the complaint is here, the seller's response deadline does not pass.
/// </summary>
public sealed record UndeliveredNoticeResponse(CaseRole Recipient, string Kind, DateTimeOffset Since);

/// <summary>A line of a case list. Regulators get no order reference and no item (the buyer's words): both are null.</summary>
public sealed record CaseSummary(Guid Id, string Number, DisputeStage Stage, DisputeOutcome? Outcome, DateTimeOffset? Deadline,
    CaseRole ViewerRole, string Marketplace, string? OrderReference, string? Item, MoneyResponse Amount, ClaimType ClaimType,
    DateTimeOffset CreatedAt);

public sealed record PagedResponse<T>(IReadOnlyList<T> Items, int Page, int PageSize, int TotalCount);
