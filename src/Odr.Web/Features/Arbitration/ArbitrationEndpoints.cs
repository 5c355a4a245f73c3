using Odr.Domain.Common;
using Odr.Domain.Disputes;
using Odr.Domain.Parties;
using Odr.Web.Features.Disputes;
using Odr.Web.Infrastructure;

namespace Odr.Web.Features.Arbitration;

public sealed record EvidenceRequestInput(CaseRole? From, [property: MultiLineText] string? Request, int? DueInDays);

public sealed record AwardRequest(AwardDecision? Decision, MoneyDto? Amount, string? GoverningLaw, [property: MultiLineText] string? Reasons);

public static class ArbitrationEndpoints
{
    public static IEndpointRouteBuilder MapArbitration(this IEndpointRouteBuilder app)
    {
        var cases = app.MapGroup("/api/cases/{id:guid}").WithTags("Arbitration").RequireAuthorization(ApiAuthorization.Authenticated);

        cases.MapPost("evidence-requests", (Guid id, EvidenceRequestInput request, HttpContext http, CaseActions actions, CancellationToken ct) =>
                actions.RunAsync(http.User, id,
                    c => c.Case.RequestEvidence(c.Role, CaseActions.Required(request.From, "from"), request.Request,
                        CaseActions.Required(request.DueInDays, "dueInDays"), c.Now),
                    (c, created) => TypedResults.Created($"/api/cases/{id}#evidence-request-{created.Id}", new CreatedResponse(created.Id.Value)), ct))
            .WithName("RequestEvidence").WithSummary("The arbitrator asks a party for evidence by a due date.")
            .Produces<CreatedResponse>(201).ProducesProblem(400).ProducesProblem(403).ProducesProblem(404).ProducesProblem(409);
        cases.MapPost("award", (Guid id, AwardRequest request, HttpContext http, CaseActions actions, CancellationToken ct) =>
                actions.RunAsync(http.User, id, c =>
                {
                    var decision = CaseActions.Required(request.Decision, "decision");
                    var law = CaseActions.ToLaw(request.GoverningLaw, "governingLaw");
                    var amount = request.Amount is null ? (Money?)null : CaseActions.ToMoney(request.Amount, "amount");
                    c.Case.IssueAward(c.Role, decision, amount, law, request.Reasons, c.Now, c.Periods);
                }, ct))
            .WithName("IssueAward").WithSummary("The arbitrator's reasoned, binding award.")
            .Produces<CaseResponse>().ProducesProblem(400).ProducesProblem(403).ProducesProblem(404).ProducesProblem(409);
        return app;
    }
}
