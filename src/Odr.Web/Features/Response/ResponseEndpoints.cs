using Odr.Web.Features.Disputes;

namespace Odr.Web.Features.Response;

public static class ResponseEndpoints
{
    public static IEndpointRouteBuilder MapResponse(this IEndpointRouteBuilder app)
    {
        var cases = app.MapGroup("/api/cases").WithTags("Cases").RequireAuthorization(ApiAuthorization.Authenticated);
        cases.MapPost("{id:guid}/response", (Guid id, RespondRequest request, HttpContext http, CaseActions actions, CancellationToken ct) =>
                actions.RunAsync(http.User, id, c => ResponseActions.Respond(c, request), ct))
            .WithName("RespondToCase").WithSummary("The seller's response: accept, counterOffer or contest.")
            .Produces<CaseResponse>().ProducesProblem(400).ProducesProblem(403).ProducesProblem(404).ProducesProblem(409);
        return app;
    }
}
