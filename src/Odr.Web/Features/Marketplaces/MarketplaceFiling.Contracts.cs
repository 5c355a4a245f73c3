using Odr.Domain.Disputes;
using Odr.Domain.Parties;
using Odr.Web.Features.Disputes;
using Odr.Web.Infrastructure;

namespace Odr.Web.Features.Marketplaces;

// The filing body of POST /api/cases, plus what a marketplace knows and a buyer does not state: the buyer's address and
// name, and the seller's account on the marketplace.

public sealed record MarketplaceBuyerInput(string? Country, BuyerType? Type, string? Subdivision = null, string? Email = null, string? Name = null);

public sealed record MarketplaceSellerInput(string? Name, string? Email, string? Country, SellerType? Type, YesNoUnknown? DirectsToBuyerCountry,
    string? Subdivision = null, string? AccountId = null);

public sealed record MarketplaceFileCaseRequest(
    string? Marketplace,
    string? OrderReference,
    DateOnly? OrderDate,
    string? Item,
    MoneyDto? Amount,
    MarketplaceBuyerInput? Buyer,
    MarketplaceSellerInput? Seller,
    ClaimType? ClaimType,
    [property: MultiLineText] string? Description,
    RemedyInput? Remedy,
    string? Language,
    string? ChoiceOfLaw,
    bool? ConsentToArbitration,
    Domain.GoverningLaw.ContractType? ContractType = null,
    Domain.GoverningLaw.ChoiceOfLawSource? ChoiceOfLawSource = null,
    bool? CisgExpresslyExcluded = null)
{
    /// <summary>The buyer's filing, as <c>POST /api/cases</c> takes it (the order's marketplace defaults to the filer).</summary>
    public FileCaseRequest ToFiling(string filer) => new(
        string.IsNullOrWhiteSpace(Marketplace) ? filer : Marketplace, OrderReference, OrderDate, Item, Amount,
        Buyer is null ? null : new BuyerInput(Buyer.Country, Buyer.Type, Buyer.Subdivision),
        Seller is null ? null : new SellerInput(Seller.Name, Seller.Email, Seller.Country, Seller.Type, Seller.DirectsToBuyerCountry, Seller.Subdivision),
        ClaimType, Description, Remedy, Language, ChoiceOfLaw, ConsentToArbitration, ContractType, ChoiceOfLawSource, CisgExpresslyExcluded);
}

public sealed record MarketplaceSellerView(string Name, string Country, SellerType Type, string? VerifiedBy, string? AccountId);

/// <summary>
/// What a marketplace sees of a case it filed: where it stands and its outcome documents. No chat, caucus, evidence,
/// statements or offers: those are the parties' and the neutral's.
/// </summary>
public sealed record MarketplaceCaseView(
    Guid Id,
    string Number,
    DisputeStage Stage,
    DisputeOutcome? Outcome,
    SettlementStage? SettledAt,
    DateTimeOffset? Deadline,
    string OrderReference,
    MoneyResponse Amount,
    CaseFiler FiledBy,
    MarketplaceSellerView Seller,
    IReadOnlyList<Rulings.DocumentResponse> Documents,
    DateTimeOffset CreatedAt,
    DateTimeOffset? ClosedAt,
    ExecutionResponse? Execution)
{
    public static MarketplaceCaseView Of(DisputeCase c, string? sellerAccountId) => new(
        c.Id.Value, c.Number.ToString(), c.Stage, c.Outcome, c.SettledAt, c.Deadline, c.Order.OrderReference, c.Order.AmountPaid.ToResponse(),
        c.FiledBy, new MarketplaceSellerView(c.Seller.Name, c.Seller.Country.Value, c.Seller.Type, c.SellerVerifiedBy, sellerAccountId),
        c.Documents.OrderBy(d => d.IssuedAt).Select(Rulings.DocumentEndpoints.ToResponse).ToList(), c.CreatedAt, c.ClosedAt,
        ExecutionResponse.Of(c));
}
