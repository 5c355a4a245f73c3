using Microsoft.Extensions.Options;
using Odr.Domain.Disputes;
using Odr.Web.Features.Disputes;
using Odr.Web.Infrastructure;

namespace Odr.Web.Features.Negotiation;

public sealed record MakeOfferRequest(RemedyInput? Remedy, [property: MultiLineText] string? Message);

public sealed record BlindBidRequest(MoneyDto? Amount);

/// <summary>What a bidder learns: their round, what is left, and whether the case settled (and at what amount). Never a figure.</summary>
public sealed record BlindBidResponse(int Round, int RoundsLeft, bool Settled, MoneyResponse? AgreedAmount);

public sealed class BlindBidOptions
{
    /// <summary>The largest gap between the two figures, as a percentage of the claimed amount, that still settles.</summary>
    public decimal MaxGapPercent { get; set; } = 20;
}

public static class NegotiationEndpoints
{
    public static IEndpointRouteBuilder MapNegotiation(this IEndpointRouteBuilder app)
    {
        var cases = app.MapGroup("/api/cases/{id:guid}").WithTags("Negotiation").RequireAuthorization(ApiAuthorization.Authenticated);

        cases.MapPost("offers", (Guid id, MakeOfferRequest request, HttpContext http, CaseActions actions, CancellationToken ct) =>
                actions.RunAsync(http.User, id,
                    c => c.Case.MakeOffer(c.Role, CaseActions.ToRemedy(request.Remedy, c.Case.Order.AmountPaid, "remedy"), request.Message, c.Now),
                    (c, offer) => TypedResults.Created($"/api/cases/{id}#offer-{offer.Id}", new CreatedResponse(offer.Id.Value)), ct))
            .WithName("MakeOffer").WithSummary("A party proposes terms (negotiation or mediation).")
            .Produces<CreatedResponse>(201).ProducesProblem(400).ProducesProblem(403).ProducesProblem(404).ProducesProblem(409);
        cases.MapPost("offers/{offerId:guid}/accept", (Guid id, Guid offerId, HttpContext http, CaseActions actions, CancellationToken ct) =>
                actions.RunAsync(http.User, id, c => c.Case.AcceptOffer(c.Role, new OfferId(offerId), c.Now, c.Periods), ct))
            .WithName("AcceptOffer").WithSummary("The other party accepts an open offer: the case settles.")
            .Produces<CaseResponse>().ProducesProblem(400).ProducesProblem(403).ProducesProblem(404).ProducesProblem(409);
        cases.MapPost("offers/{offerId:guid}/reject", (Guid id, Guid offerId, HttpContext http, CaseActions actions, CancellationToken ct) =>
                actions.RunAsync(http.User, id, c => c.Case.RejectOffer(c.Role, new OfferId(offerId), c.Now), ct))
            .WithName("RejectOffer").WithSummary("The other party rejects an open offer.")
            .Produces<CaseResponse>().ProducesProblem(400).ProducesProblem(403).ProducesProblem(404).ProducesProblem(409);
        cases.MapPost("blind-bids", (Guid id, BlindBidRequest request, HttpContext http, CaseActions actions, IOptions<BlindBidOptions> options,
                CancellationToken ct) =>
                actions.RunAsync(http.User, id,
                    c => c.Case.PlaceBlindBid(c.Role, CaseActions.ToMoney(request.Amount, "amount"), options.Value.MaxGapPercent, c.Now, c.Periods),
                    (_, result) => TypedResults.Ok(new BlindBidResponse(result.Round, result.RoundsLeft, result.Settled,
                        result.AgreedAmount?.ToResponse())), ct))
            .WithName("PlaceBlindBid").WithSummary("A confidential figure; the answer never shows the other side's.")
            .Produces<BlindBidResponse>().ProducesProblem(400).ProducesProblem(403).ProducesProblem(404).ProducesProblem(409);
        return app;
    }
}
