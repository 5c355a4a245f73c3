using Odr.Web.Features.Disputes;

namespace Odr.Web.Features.Mediation;

public static class MediationEndpoints
{
    public static IEndpointRouteBuilder MapMediation(this IEndpointRouteBuilder app)
    {
        var mediation = app.MapGroup("/api/cases/{id:guid}/mediation").WithTags("Mediation").RequireAuthorization(ApiAuthorization.Authenticated);

        mediation.MapPost("proposals", (Guid id, ProposalRequest request, HttpContext http, CaseActions actions, CancellationToken ct) =>
                actions.RunAsync(http.User, id, c => MediationActions.ProposeTerms(c, request),
                    (c, proposal) => TypedResults.Created($"/api/cases/{id}#proposal-{proposal.Id}", new CreatedResponse(proposal.Id.Value)), ct))
            .WithName("ProposeTerms").WithSummary("The mediator proposes terms to both parties.")
            .Produces<CreatedResponse>(201).ProducesProblem(400).ProducesProblem(403).ProducesProblem(404).ProducesProblem(409);
        mediation.MapPost("proposals/{proposalId:guid}/accept", (Guid id, Guid proposalId, HttpContext http, CaseActions actions, CancellationToken ct) =>
                actions.RunAsync(http.User, id, c => MediationActions.AcceptProposal(c, proposalId), ct))
            .WithName("AcceptProposal").WithSummary("A party accepts the proposal; both acceptances settle the case.")
            .Produces<CaseResponse>().ProducesProblem(400).ProducesProblem(403).ProducesProblem(404).ProducesProblem(409);
        mediation.MapPost("impasse", (Guid id, ImpasseRequest request, HttpContext http, CaseActions actions, CancellationToken ct) =>
                actions.RunAsync(http.User, id, c => MediationActions.DeclareImpasse(c, request), ct))
            .WithName("DeclareImpasse").WithSummary("The mediator ends mediation; the note is the recommendation.")
            .Produces<CaseResponse>().ProducesProblem(403).ProducesProblem(404).ProducesProblem(409);
        return app;
    }
}
