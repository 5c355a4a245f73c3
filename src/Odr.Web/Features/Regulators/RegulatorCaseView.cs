using Microsoft.Extensions.Localization;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Odr.Domain.Disputes;
using Odr.Domain.Parties;
using Odr.Web.Features.Arbitration;
using Odr.Web.Features.Disputes;
using Odr.Web.Features.GoverningLaw;
using Odr.Web.Features.Rulings;
using Odr.Web.Infrastructure.History;
using Odr.Web.Infrastructure;

namespace Odr.Web.Features.Regulators;

public sealed record PseudonymousParty(string Pseudonym, string Country, string Type);

public sealed record RegulatorOfferView(CaseRole From, RemedyResponse Remedy, OfferStatus Status, DateTimeOffset CreatedAt);

public sealed record RegulatorEvidenceView(string ContentType, long SizeBytes, string Sha256, CaseRole SubmittedBy, DateTimeOffset SubmittedAt);

/// <summary>
/// A case as a regulator sees it: every fact of the procedure and its outcome, no names, no e-mail addresses and no
/// free text written by the parties (their statements, messages and descriptions stay out). The award's reasons are
/// the arbitrator's, and are shown.
/// </summary>
public sealed record RegulatorCaseResponse(
    Guid Id, string Number, DisputeStage Stage, DisputeOutcome? Outcome, SettlementStage? SettledAt, DateTimeOffset? Deadline,
    CaseRole ViewerRole, DateTimeOffset CreatedAt, DateTimeOffset? ClosedAt, string Marketplace, DateOnly OrderDate, MoneyResponse Amount, ClaimType ClaimType,
    RemedyResponse RequestedRemedy, PseudonymousParty Buyer, PseudonymousParty Seller, ConsentResponse Consent, ResponseAction? Response,
    IReadOnlyList<RegulatorOfferView> Offers, int BlindBids, Guid? MediatorId, Guid? ArbitratorId, RemedyResponse? SettlementTerms,
    AwardResponse? Award, bool? Complied, AssessmentResponse? GoverningLawSuggestion, string? BuyerLawPosition, string? SellerLawPosition,
    string? ConfirmedGoverningLaw, IReadOnlyList<RegulatorEvidenceView> Evidence, IReadOnlyList<DocumentResponse> Documents,
    IReadOnlyList<JsonObject> Timeline, Marketplaces.ExecutionResponse? Execution);

public sealed class RegulatorCaseView(OdrDbContext db, Pseudonyms pseudonyms, Sellers.SellerIdentities identities, IStringLocalizer<Text> t)
{
    public async Task<RegulatorCaseResponse?> FindAsync(DisputeId id, CancellationToken ct)
    {
        if (await db.Cases.AsNoTracking().WithAggregate().SingleOrDefaultAsync(c => c.Id == id, ct) is not { } c)
        {
            return null;
        }
        var timeline = await CaseHistory.ReadAsync(db, id, ct);
        // The seller's type as the seller or a marketplace states it; what the buyer typed is no figure of a regulator's.
        var sellerType = (await identities.ForCaseAsync(c, ct))?.Type.ToString().ToLowerInvariant() ?? Statistics.Unverified;
        return new RegulatorCaseResponse(
            c.Id.Value, c.Number.ToString(), c.Stage, c.Outcome, c.SettledAt, c.Deadline, CaseRole.Regulator, c.CreatedAt, c.ClosedAt, c.Order.Marketplace,
            c.Order.OrderDate, c.Order.AmountPaid.ToResponse(), c.ClaimType, c.RequestedRemedy.ToResponse(),
            new PseudonymousParty(pseudonyms.Buyer(c.Buyer.UserId.Value), c.Buyer.Country.Value, c.Buyer.Type.ToString().ToLowerInvariant()),
            new PseudonymousParty(pseudonyms.Seller(c.Seller.Email.Value), c.Seller.Country.Value, sellerType),
            new ConsentResponse(c.BuyerConsentsToArbitration, c.SellerConsentsToArbitration), c.ResponseAction,
            c.Offers.OrderBy(o => o.CreatedAt).Select(o => new RegulatorOfferView(o.From, o.Remedy.ToResponse(), o.Status, o.CreatedAt)).ToList(),
            c.BlindBids.Count, c.MediatorId?.Value, c.ArbitratorId?.Value, c.AgreedRemedy?.ToResponse(),
            c is { AwardDecision: { } decision, AwardGoverningLaw: { } law, AwardReasons: { } reasons, AwardedAt: { } at }
                ? new AwardResponse(decision, c.AwardAmount?.ToResponse(), law.Value, reasons, at) : null,
            c.Complied, c.GoverningLawSuggestion?.ToResponse(t, Languages.English), c.BuyerLawPosition?.Law.Value, c.SellerLawPosition?.Law.Value,
            c.ConfirmedGoverningLaw?.Value,
            c.Evidence.OrderBy(e => e.SubmittedAt).Select(e => new RegulatorEvidenceView(e.ContentType, e.SizeBytes, e.Sha256, e.SubmittedBy, e.SubmittedAt)).ToList(),
            c.Documents.OrderBy(d => d.IssuedAt).Select(DocumentEndpoints.ToResponse).ToList(),
            timeline, Marketplaces.ExecutionResponse.Of(c));
    }
}
