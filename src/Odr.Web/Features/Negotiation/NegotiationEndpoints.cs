using Microsoft.Extensions.Options;
using Odr.Web.Features.Disputes;

namespace Odr.Web.Features.Negotiation;

public static class NegotiationEndpoints
{
    public static IEndpointRouteBuilder MapNegotiation(this IEndpointRouteBuilder app)
    {
        var cases = app.MapGroup("/api/cases/{id:guid}").WithTags("Negotiation").RequireAuthorization(ApiAuthorization.Authenticated);

        cases.MapPost("offers", (Guid id, MakeOfferRequest request, HttpContext http, CaseActions actions, CancellationToken ct) =>
                actions.RunAsync(http.User, id, c => NegotiationActions.MakeOffer(c, request),
                    (c, offer) => TypedResults.Created($"/api/cases/{id}#offer-{offer.Id}", new CreatedResponse(offer.Id.Value)), ct))
            .WithName("MakeOffer").WithSummary("A party proposes terms (negotiation or mediation).")
            .Produces<CreatedResponse>(201).ProducesProblem(400).ProducesProblem(403).ProducesProblem(404).ProducesProblem(409);
        cases.MapPost("offers/{offerId:guid}/accept", (Guid id, Guid offerId, HttpContext http, CaseActions actions, CancellationToken ct) =>
                actions.RunAsync(http.User, id, c => NegotiationActions.AcceptOffer(c, offerId), ct))
            .WithName("AcceptOffer").WithSummary("The other party accepts an open offer: the case settles.")
            .Produces<CaseResponse>().ProducesProblem(400).ProducesProblem(403).ProducesProblem(404).ProducesProblem(409);
        cases.MapPost("offers/{offerId:guid}/reject", (Guid id, Guid offerId, HttpContext http, CaseActions actions, CancellationToken ct) =>
                actions.RunAsync(http.User, id, c => NegotiationActions.RejectOffer(c, offerId), ct))
            .WithName("RejectOffer").WithSummary("The other party rejects an open offer.")
            .Produces<CaseResponse>().ProducesProblem(400).ProducesProblem(403).ProducesProblem(404).ProducesProblem(409);
        cases.MapPost("blind-bids", (Guid id, BlindBidRequest request, HttpContext http, CaseActions actions, IOptions<BlindBidOptions> options,
                CancellationToken ct) =>
                actions.RunAsync(http.User, id, c => NegotiationActions.PlaceBlindBid(c, request, options.Value),
                    (_, result) => TypedResults.Ok(new BlindBidResponse(result.Round, result.RoundsLeft, result.Settled,
                        result.AgreedAmount?.ToResponse())), ct))
            .WithName("PlaceBlindBid").WithSummary("A confidential figure; the answer never shows the other side's.")
            .Produces<BlindBidResponse>().ProducesProblem(400).ProducesProblem(403).ProducesProblem(404).ProducesProblem(409);
        return app;
    }
}
