using Odr.Domain.Common;
using Odr.Domain.Disputes;
using Odr.Domain.Parties;

namespace Odr.Web.Features.Disputes;

/// <summary>The case as the API shows it.</summary>
public static class CaseMapping
{
    public static MoneyResponse ToResponse(this Money money) => new(money.Value, money.Currency.Code);

    public static CaseResponse ToResponse(this DisputeCase c, CaseRole viewer) => new(
        c.Id.Value,
        c.Number.ToString(),
        c.Stage,
        c.Outcome,
        c.SettledAt,
        c.Deadline,
        viewer,
        c.Order.Marketplace,
        c.Order.OrderReference,
        c.Order.OrderDate,
        c.Order.Item,
        c.Order.AmountPaid.ToResponse(),
        new BuyerResponse(c.Buyer.Country.Value, c.Buyer.Type),
        new SellerResponse(c.Seller.Name, c.Seller.Email.Value, c.Seller.Country.Value, c.Seller.Type, c.Seller.DirectsToBuyerCountry),
        c.ClaimType,
        c.Description,
        new RemedyResponse(c.RequestedRemedy.Type, c.RequestedRemedy.Amount?.ToResponse()),
        c.Language,
        c.ChoiceOfLaw?.Value,
        new ConsentResponse(c.BuyerConsentsToArbitration, c.SellerConsentsToArbitration),
        c.Evidence.OrderBy(e => e.SubmittedAt).Select(ToResponse).ToList(),
        c.CreatedAt,
        c.ClosedAt);

    public static EvidenceResponse ToResponse(this Evidence e) =>
        new(e.Id.Value, e.FileName, e.ContentType, e.SizeBytes, e.Sha256, e.Description, e.SubmittedBy, e.SubmittedAt);

    public static CaseSummary ToSummary(this DisputeCase c, CaseRole viewer) => new(
        c.Id.Value, c.Number.ToString(), c.Stage, c.Outcome, c.Deadline, viewer, c.Order.Marketplace, c.Order.OrderReference,
        c.Order.Item, c.Order.AmountPaid.ToResponse(), c.ClaimType, c.CreatedAt);
}
