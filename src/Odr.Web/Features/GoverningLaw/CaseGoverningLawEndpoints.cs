using Odr.Domain.GoverningLaw;
using Odr.Web.Features.Disputes;

namespace Odr.Web.Features.GoverningLaw;

public static class CaseGoverningLawEndpoints
{
    /// <summary>A case's governing law: the parties' positions and corrections, the arbitrator's confirmation.</summary>
    public static IEndpointRouteBuilder MapCaseGoverningLaw(this IEndpointRouteBuilder app)
    {
        var cases = app.MapGroup("/api/cases").WithTags("Cases").RequireAuthorization(ApiAuthorization.Authenticated);
        cases.MapPut("{id:guid}/governing-law/position", (Guid id, LawPositionInput request, HttpContext http, CaseActions actions, CancellationToken ct) =>
                actions.RunAsync(http.User, id, c => CaseGoverningLawActions.TakePosition(c, request), ct))
            .WithTags("Governing law").WithName("TakeGoverningLawPosition").WithSummary("A party's position on the governing law, with its reason.")
            .Produces<CaseResponse>().ProducesProblem(400).ProducesProblem(403).ProducesProblem(404).ProducesProblem(409);
        cases.MapPatch("{id:guid}/governing-law/facts", (Guid id, CorrectFactsRequest request, HttpContext http, CaseActions actions,
                GoverningLawEngine engine, CancellationToken ct) =>
                actions.RunAsync(http.User, id, c => CaseGoverningLawActions.CorrectFacts(c, request, engine), ct))
            .WithTags("Governing law").WithName("CorrectContractFacts").WithSummary("A party corrects a fact; the suggestion is computed again.")
            .Produces<CaseResponse>().ProducesProblem(400).ProducesProblem(403).ProducesProblem(404).ProducesProblem(409);
        cases.MapPost("{id:guid}/governing-law/confirm", (Guid id, ConfirmLawRequest request, HttpContext http, CaseActions actions, CancellationToken ct) =>
                actions.RunAsync(http.User, id, c => CaseGoverningLawActions.Confirm(c, request), ct))
            .WithTags("Governing law").WithName("ConfirmGoverningLaw").WithSummary("The arbitrator confirms the governing law (the award does too).")
            .Produces<CaseResponse>().ProducesProblem(400).ProducesProblem(403).ProducesProblem(404).ProducesProblem(409);
        return app;
    }
}
