using Odr.Web.Features.Disputes;

namespace Odr.Web.Features.Arbitration;

public static class ArbitrationEndpoints
{
    public static IEndpointRouteBuilder MapArbitration(this IEndpointRouteBuilder app)
    {
        var cases = app.MapGroup("/api/cases/{id:guid}").WithTags("Arbitration").RequireAuthorization(ApiAuthorization.Authenticated);

        cases.MapPost("evidence-requests", (Guid id, EvidenceRequestInput request, HttpContext http, CaseActions actions, CancellationToken ct) =>
                actions.RunAsync(http.User, id, c => ArbitrationActions.RequestEvidence(c, request),
                    (c, created) => TypedResults.Created($"/api/cases/{id}#evidence-request-{created.Id}", new CreatedResponse(created.Id.Value)), ct))
            .WithName("RequestEvidence").WithSummary("The arbitrator asks a party for evidence by a due date.")
            .Produces<CreatedResponse>(201).ProducesProblem(400).ProducesProblem(403).ProducesProblem(404).ProducesProblem(409);
        cases.MapPost("award", (Guid id, AwardRequest request, HttpContext http, CaseActions actions, CancellationToken ct) =>
                actions.RunAsync(http.User, id, c => ArbitrationActions.IssueAward(c, request), ct))
            .WithName("IssueAward").WithSummary("The arbitrator's reasoned, binding award.")
            .Produces<CaseResponse>().ProducesProblem(400).ProducesProblem(403).ProducesProblem(404).ProducesProblem(409);
        return app;
    }
}
