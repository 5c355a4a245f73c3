using Odr.Web.Features.Disputes;

namespace Odr.Web.Features.Appeals;

public static class AppealEndpoints
{
    public static IEndpointRouteBuilder MapAppeals(this IEndpointRouteBuilder app)
    {
        var cases = app.MapGroup("/api/cases/{id:guid}").WithTags("Appeals").RequireAuthorization(ApiAuthorization.Authenticated);

        cases.MapPost("appeal", (Guid id, AppealRequest request, HttpContext http, CaseActions actions, CancellationToken ct) =>
                actions.RunAsync(http.User, id, c => AppealActions.Appeal(c, request), ct))
            .WithName("Appeal").WithSummary("A party appeals the award or dismissal, within the appeal period, once per case.")
            .Produces<CaseResponse>().ProducesProblem(400).ProducesProblem(403).ProducesProblem(404).ProducesProblem(409);
        cases.MapPost("appeal/decision", (Guid id, AppealDecisionRequest request, HttpContext http, CaseActions actions, CancellationToken ct) =>
                actions.RunAsync(http.User, id, c => AppealActions.Decide(c, request), ct))
            .WithName("DecideAppeal").WithSummary("The appeal arbitrator upholds, varies or sets aside the award, with reasons.")
            .Produces<CaseResponse>().ProducesProblem(400).ProducesProblem(403).ProducesProblem(404).ProducesProblem(409);
        return app;
    }
}
