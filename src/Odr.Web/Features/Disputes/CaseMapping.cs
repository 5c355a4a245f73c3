using Microsoft.Extensions.Localization;
using Odr.Domain.Common;
using Odr.Domain.Disputes;
using Odr.Domain.Parties;
using Odr.Web.Features.Appeals;
using Odr.Web.Features.Arbitration;
using Odr.Web.Features.GoverningLaw;
using Odr.Web.Features.Mediation;
using Odr.Web.Features.Negotiation;
using Odr.Web.Features.Response;

namespace Odr.Web.Features.Disputes;

/// <summary>The case as the API shows it.</summary>
public static class CaseMapping
{
    public static MoneyResponse ToResponse(this Money money) => new(money.Value, money.Currency.Code);

    /// <summary>The case for <paramref name="viewer"/>; the governing-law reasons in the case's language.</summary>
    public static CaseResponse ToResponse(this DisputeCase c, CaseRole viewer, IStringLocalizer<Text> t) => new(
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
        new SellerResponse(c.Seller.Name, c.Seller.Email.Value, c.Seller.Country.Value, c.Seller.Type, c.Seller.DirectsToBuyerCountry, c.SellerVerifiedBy),
        c.ClaimType,
        c.Description,
        c.RequestedRemedy.ToResponse(),
        c.Language,
        c.ChoiceOfLaw?.Value,
        new ConsentResponse(c.BuyerConsentsToArbitration, c.SellerConsentsToArbitration),
        c.Evidence.OrderBy(e => e.SubmittedAt).Select(ToResponse).ToList(),
        c.CreatedAt,
        c.ClosedAt,
        c is { ResponseAction: { } action, RespondedAt: { } respondedAt } ? new SellerResponseView(action, c.ResponseStatement, respondedAt) : null,
        c.Offers.OrderBy(o => o.CreatedAt).Select(o => new OfferResponse(o.Id.Value, o.From, o.Remedy.ToResponse(), o.Message, o.Status,
            o.CreatedAt, o.DecidedAt)).ToList(),
        c.BlindBidding(viewer),
        c.MediatorId?.Value,
        c.Proposals.OrderBy(p => p.CreatedAt).Select(p => new ProposalResponse(p.Id.Value, p.Remedy.ToResponse(), p.Note, p.Status,
            p.BuyerAcceptedAt is not null, p.SellerAcceptedAt is not null, p.CreatedAt)).ToList(),
        c.MediatorRecommendation,
        c.ArbitratorId?.Value,
        c.EvidenceRequests.OrderBy(r => r.CreatedAt).Select(r => new EvidenceRequestResponse(r.Id.Value, r.From, r.Request, r.DueAt, r.Status)).ToList(),
        c is { Outcome: DisputeOutcome.Settled, SettledAt: { } at, AgreedRemedy: { } terms } ? new SettlementResponse(at, terms.ToResponse()) : null,
        c is { AwardDecision: { } decision, AwardGoverningLaw: { } law, AwardReasons: { } reasons, AwardedAt: { } awardedAt }
            ? new AwardResponse(decision, c.AwardAmount?.ToResponse(), law.Value, reasons, awardedAt) : null,
        c.Outcome is DisputeOutcome.Settled or DisputeOutcome.Awarded
            ? new ComplianceResponse(c.Stage == DisputeStage.Compliance ? c.Deadline : null, c.Complied, c.ComplianceNote,
                c.PerformanceReportedAt, c.PaymentReference, c.PerformanceNote) : null,
        new GoverningLawResponse(
            c.GoverningLawSuggestion?.ToResponse(t, Languages.FromCaseLanguage(c.Language)),
            c.BuyerLawPosition is { } buyer ? new LawPositionResponse(buyer.Law.Value, buyer.Reason, buyer.At) : null,
            c.SellerLawPosition is { } seller ? new LawPositionResponse(seller.Law.Value, seller.Reason, seller.At) : null,
            c is { ConfirmedGoverningLaw: { } confirmedLaw, GoverningLawConfirmedAt: { } confirmedAt } ? new ConfirmedLawResponse(confirmedLaw.Value, confirmedAt) : null,
            new ContractFactsResponse(c.BuyerSubdivision, c.SellerSubdivision, c.Seller.DirectsToBuyerCountry, c.ContractType, c.ChoiceOfLaw?.Value,
                c.ChoiceOfLawSource, c.CisgExpresslyExcluded)),
        c.Documents.OrderBy(d => d.IssuedAt).Select(Rulings.DocumentEndpoints.ToResponse).ToList(),
        c.UndeliveredNotices.OrderBy(n => n.Since).Select(n => new UndeliveredNoticeResponse(n.Recipient, n.Kind, n.Since)).ToList(),
        c.AvailableActions(viewer),
        c.FiledBy,
        c.ToAppealResponse(),
        Marketplaces.ExecutionResponse.Of(c));

    public static RemedyResponse ToResponse(this Remedy r) => new(r.Type, r.Amount?.ToResponse());

    /// <summary>Only the viewer's own count of rounds: no figure of either side ever leaves the aggregate.</summary>
    public static BlindBiddingResponse BlindBidding(this DisputeCase c, CaseRole viewer)
    {
        var used = c.BlindBidRoundsUsed(viewer);
        return new BlindBiddingResponse(c.May(CaseAction.PlaceBlindBid, viewer), used,
            viewer is CaseRole.Buyer or CaseRole.Seller ? BlindBid.MaxRoundsPerParty - used : 0);
    }

    public static EvidenceResponse ToResponse(this Evidence e) =>
        new(e.Id.Value, e.FileName, e.ContentType, e.SizeBytes, e.Sha256, e.Description, e.SubmittedBy, e.SubmittedAt);

    public static CaseSummary ToSummary(this DisputeCase c, CaseRole viewer) => new(
        c.Id.Value, c.Number.ToString(), c.Stage, c.Outcome, c.Deadline, viewer, c.Order.Marketplace, c.Order.OrderReference,
        c.Order.Item, c.Order.AmountPaid.ToResponse(), c.ClaimType, c.CreatedAt);
}
