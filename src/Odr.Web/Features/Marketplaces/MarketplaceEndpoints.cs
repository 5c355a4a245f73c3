using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Odr.Domain.Disputes;
using Odr.Web.Infrastructure;

namespace Odr.Web.Features.Marketplaces;

public static class MarketplaceEndpoints
{
    /// <summary>For admins: register marketplaces, list them, rotate their secrets.</summary>
    public static IEndpointRouteBuilder MapMarketplaceAdmin(this IEndpointRouteBuilder app)
    {
        var admin = app.MapGroup("/api/admin/marketplaces").WithTags("Admin").RequireAuthorization(MarketplacesFeature.AdminPolicy);
        admin.MapPost("", async Task<Results<Created<MarketplaceCredentials>, ValidationProblem>> (RegisterMarketplaceRequest request,
                MarketplaceRegistry registry, CancellationToken ct) =>
            {
                var (credentials, errors) = await registry.RegisterAsync(request, ct);
                return credentials is null
                    ? TypedResults.ValidationProblem(errors, title: "The marketplace has fields that are missing or not valid.")
                    : TypedResults.Created($"/api/admin/marketplaces/{credentials.Id}", credentials);
            })
            .WithName("RegisterMarketplace").WithSummary("Register a marketplace: its client and webhook secrets are shown this once.");
        admin.MapGet("", async (MarketplaceRegistry registry, CancellationToken ct) => TypedResults.Ok(await registry.ListAsync(ct)))
            .WithName("ListMarketplaces");
        admin.MapPost("{id:guid}/secrets", async Task<Results<Ok<MarketplaceCredentials>, NotFound>> (Guid id, MarketplaceRegistry registry,
                CancellationToken ct) =>
                await registry.RotateSecretsAsync(id, ct) is { } credentials ? TypedResults.Ok(credentials) : TypedResults.NotFound())
            .WithName("RotateMarketplaceSecrets")
            .WithSummary("New client and webhook secrets (shown this once); the old webhook secret signs beside the new one for a day.");
        return app;
    }

    /// <summary>For marketplaces (their own token, by scope): file cases, read the ones they filed, their webhook deliveries.</summary>
    public static IEndpointRouteBuilder MapMarketplaceApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/marketplace").WithTags("Marketplaces");
        api.MapPost("cases", FileAsync).RequireAuthorization(MarketplacesFeature.PolicyFor(MarketplaceScopes.FileCases))
            .WithName("MarketplaceFileCase").DisableAntiforgery()
            .WithSummary("File a case on the buyer's behalf (Idempotency-Key header required; the same key again answers the same case).")
            .ProducesProblem(400).ProducesProblem(401).ProducesProblem(422);
        api.MapGet("cases/{id:guid}", GetCaseAsync).RequireAuthorization(MarketplacesFeature.PolicyFor(MarketplaceScopes.ReadCases))
            .WithName("MarketplaceGetCase").WithSummary("A case this marketplace filed: stage, outcome, deadline, amount, documents.");
        api.MapExecutionReport();
        return app;
    }

    private static async Task<Results<Created<MarketplaceCaseView>, Ok<MarketplaceCaseView>, ValidationProblem, ProblemHttpResult, UnauthorizedHttpResult>> FileAsync(
        MarketplaceFileCaseRequest request, [FromHeader(Name = MarketplaceFilingHandler.IdempotencyKeyHeader)] string? idempotencyKey,
        HttpContext http, OdrDbContext db, MarketplaceFilingHandler handler, CancellationToken ct)
    {
        if (await CurrentAsync(http.User, db, ct) is not { } marketplace)
        {
            return TypedResults.Unauthorized();
        }
        return await handler.HandleAsync(marketplace, idempotencyKey, request, ct) switch
        {
            MarketplaceFilingHandler.Filed filed => TypedResults.Created($"/api/marketplace/cases/{filed.Case.Id}",
                MarketplaceCaseView.Of(filed.Case, filed.SellerAccountId)),
            MarketplaceFilingHandler.Repeated repeated => TypedResults.Ok(MarketplaceCaseView.Of(repeated.Case, repeated.SellerAccountId)),
            MarketplaceFilingHandler.Invalid invalid => TypedResults.ValidationProblem(invalid.Errors,
                title: "The filing has fields that are missing or not valid."),
            MarketplaceFilingHandler.KeyReused reused => TypedResults.Problem(statusCode: StatusCodes.Status422UnprocessableEntity,
                title: "This Idempotency-Key was used for a different filing.",
                detail: $"The key filed case {reused.CaseId} with another body. Use a new key for a new filing, or send the first body again.",
                extensions: new Dictionary<string, object?> { ["errors"] = new Dictionary<string, string[]>
                {
                    [MarketplaceFilingHandler.IdempotencyKeyHeader] = ["Already used with a different body."],
                } }),
            var other => throw new InvalidOperationException($"Unexpected filing outcome {other}."),
        };
    }

    private static async Task<Results<Ok<MarketplaceCaseView>, NotFound, UnauthorizedHttpResult>> GetCaseAsync(Guid id, HttpContext http,
        OdrDbContext db, CancellationToken ct)
    {
        if (await CurrentAsync(http.User, db, ct) is not { } marketplace)
        {
            return TypedResults.Unauthorized();
        }
        var caseId = new DisputeId(id);
        var filing = await db.Set<MarketplaceFiling>().AsNoTracking()
            .SingleOrDefaultAsync(f => f.MarketplaceId == marketplace.Id && f.CaseId == caseId, ct);
        if (filing is null || await db.LoadCaseAsync(caseId, ct) is not { } dispute)
        {
            return TypedResults.NotFound(); // another's case, or none: the same answer
        }
        return TypedResults.Ok(MarketplaceCaseView.Of(dispute, filing.SellerAccountId));
    }

    /// <summary>The registered marketplace the request's token was issued to; none if it was since removed.</summary>
    internal static async Task<Marketplace?> CurrentAsync(ClaimsPrincipal user, OdrDbContext db, CancellationToken ct) =>
        MarketplaceTokenEndpoint.MarketplaceId(user) is { } id
            ? await db.Set<Marketplace>().AsNoTracking().SingleOrDefaultAsync(m => m.Id == id, ct)
            : null;
}
