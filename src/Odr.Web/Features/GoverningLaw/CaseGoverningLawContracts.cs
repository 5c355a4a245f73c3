using Odr.Domain.GoverningLaw;
using Odr.Domain.Parties;
using Odr.Web.Infrastructure;

namespace Odr.Web.Features.GoverningLaw;

// A case's governing law: the requests of the parties and the arbitrator, and what the case shows (api.md).

public sealed record LawPositionInput(string? Law, [property: MultiLineText] string? Reason);

public sealed record ConfirmLawRequest(string? Law);

public sealed record CorrectFactsRequest(
    YesNoUnknown? SellerDirectsToBuyerCountry,
    string? ChoiceOfLaw,
    bool? RemoveChoiceOfLaw,
    ChoiceOfLawSource? ChoiceOfLawSource,
    ContractType? ContractType,
    string? BuyerSubdivision,
    string? SellerSubdivision,
    bool? CisgExpresslyExcluded);

public sealed record LawPositionResponse(string Law, string? Reason, DateTimeOffset At);

public sealed record ConfirmedLawResponse(string Law, DateTimeOffset At);

public sealed record ContractFactsResponse(string? BuyerSubdivision, string? SellerSubdivision, YesNoUnknown SellerDirectsToBuyerCountry,
    ContractType ContractType, string? ChoiceOfLaw, ChoiceOfLawSource ChoiceOfLawSource, bool CisgExpresslyExcluded);

/// <summary>api.md's <c>governingLaw</c>: the suggestion (explained in the case's language), each position, the confirmation.</summary>
public sealed record GoverningLawResponse(AssessmentResponse? Suggestion, LawPositionResponse? BuyerPosition,
    LawPositionResponse? SellerPosition, ConfirmedLawResponse? Confirmed, ContractFactsResponse Facts);
