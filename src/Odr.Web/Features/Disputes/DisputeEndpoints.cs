using Microsoft.Extensions.Localization;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Odr.Domain.Disputes;
using Odr.Domain.GoverningLaw;
using Odr.Web.Infrastructure;
using Odr.Web.Infrastructure.History;
using Odr.Web.Infrastructure.Identity;
using Odr.Web.Features.Regulators;
using Odr.Web.Infrastructure.Storage;

namespace Odr.Web.Features.Disputes;

public static class DisputeEndpoints
{
    public const int MaxPageSize = 100;

    public static IEndpointRouteBuilder MapDisputes(this IEndpointRouteBuilder app)
    {
        var cases = app.MapGroup("/api/cases").WithTags("Cases").RequireAuthorization(ApiAuthorization.Authenticated);
        cases.MapPost("", FileAsync).RequireAuthorization(ApiAuthorization.Buyer).WithName("FileCase")
            .WithSummary("File a complaint (buyer).");
        cases.MapGet("", ListAsync).WithName("ListCases").WithSummary("The viewer's cases, newest first, paged.");
        cases.MapGet("{id:guid}", GetAsync).WithName("GetCase").WithSummary("A case as its viewer may see it.");
        cases.MapPost("{id:guid}/evidence", AddEvidenceAsync).WithName("AddEvidence")
            .WithSummary("Add an evidence file (multipart: file + description).")
            .Accepts<IFormFile>("multipart/form-data")
            .ProducesProblem(400).ProducesProblem(413).ProducesProblem(415)
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable).ProducesProblem(StatusCodes.Status507InsufficientStorage)
            .DisableAntiforgery(); // bearer-token only: no cookie, so no cross-site forgery to guard against
        cases.MapGet("{id:guid}/evidence/{evidenceId:guid}", DownloadEvidenceAsync).WithName("GetEvidence")
            .WithSummary("Download an evidence file.")
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable); // the stored file cannot be read
        cases.MapGet("{id:guid}/events", GetEventsAsync).WithName("GetCaseEvents")
            .WithSummary("The case's hash-chained history.");

        cases.MapPost("{id:guid}/escalate", (Guid id, EscalateRequest request, HttpContext http, CaseActions actions, CancellationToken ct) =>
                actions.RunAsync(http.User, id, c => LifecycleActions.Escalate(c, request), ct))
            .WithName("EscalateCase").WithSummary("Negotiation → mediation; mediation → arbitration (both consented) or closed.")
            .Produces<CaseResponse>().ProducesProblem(403).ProducesProblem(404).ProducesProblem(409);
        cases.MapPost("{id:guid}/withdraw", (Guid id, HttpContext http, CaseActions actions, CancellationToken ct) =>
                actions.RunAsync(http.User, id, LifecycleActions.Withdraw, ct))
            .WithName("WithdrawCase").WithSummary("The buyer withdraws the complaint (before an award).")
            .Produces<CaseResponse>().ProducesProblem(403).ProducesProblem(404).ProducesProblem(409);
        cases.MapPost("{id:guid}/compliance", (Guid id, ComplianceRequest request, HttpContext http, CaseActions actions, CancellationToken ct) =>
                actions.RunAsync(http.User, id, c => LifecycleActions.ReportCompliance(c, request), ct))
            .WithName("ReportCompliance").WithSummary("The buyer reports whether the seller complied; the case closes.")
            .Produces<CaseResponse>().ProducesProblem(400).ProducesProblem(403).ProducesProblem(404).ProducesProblem(409);
        cases.MapPost("{id:guid}/performance", (Guid id, PerformanceRequest request, HttpContext http, CaseActions actions, CancellationToken ct) =>
                actions.RunAsync(http.User, id, c => LifecycleActions.ReportPerformance(c, request), ct))
            .WithName("ReportPerformance").WithSummary("The seller reports that it carried out the outcome, with the payment's reference; the buyer then confirms.")
            .Produces<CaseResponse>().ProducesProblem(400).ProducesProblem(403).ProducesProblem(404).ProducesProblem(409);
        return app;
    }

    private static async Task<Results<Created<CaseResponse>, ValidationProblem, UnauthorizedHttpResult>> FileAsync(
        FileCaseRequest request, HttpContext http, CaseAccess access, FileCaseHandler handler, TimeProvider time, GoverningLawEngine governingLaw,
        IStringLocalizer<Text> t, CancellationToken ct)
    {
        if (await access.CurrentUserAsync(http.User) is not { } user)
        {
            return TypedResults.Unauthorized();
        }
        if (!FilingValidator.TryValidate(request, time.GetUtcNow(), governingLaw.Data, t, out var filing, out var errors))
        {
            return TypedResults.ValidationProblem(errors, title: t["The complaint has fields that are missing or not valid."]);
        }
        var dispute = await handler.HandleAsync(user, filing!, [], ct);
        return TypedResults.Created($"/api/cases/{dispute.Id}", dispute.ToResponse(Domain.Parties.CaseRole.Buyer, t));
    }

    private static async Task<Results<Ok<PagedResponse<CaseSummary>>, ValidationProblem, UnauthorizedHttpResult>> ListAsync(
        HttpContext http, CaseAccess access, CancellationToken ct, int page = 1, int pageSize = 20)
    {
        if (await access.CurrentUserAsync(http.User) is not { } user)
        {
            return TypedResults.Unauthorized();
        }
        var errors = new ValidationErrors();
        errors.Paging(page, pageSize, MaxPageSize);
        if (!errors.IsEmpty)
        {
            return TypedResults.ValidationProblem(errors.ToDictionary());
        }
        var (items, total) = await access.ListAsync(user, page, pageSize, ct);
        return TypedResults.Ok(new PagedResponse<CaseSummary>(items, page, pageSize, total));
    }

    private static async Task<Results<Ok<CaseResponse>, Ok<RegulatorCaseResponse>, NotFound>> GetAsync(Guid id, HttpContext http, CaseAccess access,
        RegulatorCaseView regulatorView, Sellers.SellerIdentities sellers, IStringLocalizer<Text> t, CancellationToken ct)
    {
        var user = await access.CurrentUserAsync(http.User);
        if (user is null)
        {
            return TypedResults.NotFound();
        }
        if (await access.FindAsync(new DisputeId(id), user, ct) is var (dispute, role))
        {
            return TypedResults.Ok(Sellers.SellerDisplay.WithIdentity(dispute.ToResponse(role, t), await sellers.ForCaseAsync(dispute, ct)));
        }
        return await access.IsRegulatorAsync(user) && await regulatorView.FindAsync(new DisputeId(id), ct) is { } view
            ? TypedResults.Ok(view)
            : TypedResults.NotFound();
    }

    private static async Task<Results<Created<EvidenceResponse>, NotFound>> AddEvidenceAsync(Guid id, HttpContext http, CaseAccess access,
        EvidenceStore store, AddEvidenceHandler handler, IOptions<EvidenceOptions> options, CancellationToken ct)
    {
        var user = await access.CurrentUserAsync(http.User);
        if (user is null || await access.FindAsync(new DisputeId(id), user, ct) is not var (dispute, role))
        {
            return TypedResults.NotFound();
        }
        var file = await EvidenceUpload.ReadAsync(http.Request, store, options.Value.MaxBytes, ct);
        try
        {
            var evidence = await handler.HandleAsync(dispute, role, user, file, ct);
            return TypedResults.Created($"/api/cases/{id}/evidence/{evidence.Id}", evidence.ToResponse());
        }
        finally
        {
            EvidenceStore.Discard(file.StagingPath); // no-op once the file was moved into place
        }
    }

    private static async Task<Results<FileStreamHttpResult, NotFound>> DownloadEvidenceAsync(Guid id, Guid evidenceId, HttpContext http,
        CaseAccess access, EvidenceStore store, CancellationToken ct)
    {
        var user = await access.CurrentUserAsync(http.User);
        if (user is null || await access.FindAsync(new DisputeId(id), user, ct) is not var (dispute, _)
            || dispute.Evidence.FirstOrDefault(e => e.Id.Value == evidenceId) is not { } evidence)
        {
            return TypedResults.NotFound();
        }
        // Always a download, never rendered in the service's origin, whatever the file claims to be.
        return TypedResults.File(store.OpenRead(dispute.Id, evidence.Id), evidence.ContentType, evidence.FileName);
    }

    private static async Task<Results<Ok<List<JsonObject>>, NotFound>> GetEventsAsync(Guid id, HttpContext http, CaseAccess access,
        OdrDbContext db, CancellationToken ct)
    {
        var user = await access.CurrentUserAsync(http.User);
        var caseId = new DisputeId(id);
        // Parties and neutrals read their case's history with the chains of the chat channels they may read; regulators
        // every case's history (it holds no names or free text) and no chat at all.
        if (user is not null && await access.FindCaseRowAsync(caseId, user, ct) is (_, var role))
        {
            return TypedResults.Ok(await CaseHistory.ReadAsync(db, caseId, ct, DisputeCase.ReadableChannels(role)));
        }
        if (user is not null && await access.IsRegulatorAsync(user) && await db.Cases.AnyAsync(c => c.Id == caseId, ct))
        {
            return TypedResults.Ok(await CaseHistory.ReadAsync(db, caseId, ct));
        }
        return TypedResults.NotFound();
    }
}

/// <summary>The API's authorization policies: bearer tokens only (pages use the cookie).</summary>
public static class ApiAuthorization
{
    public const string Authenticated = "api";
    public const string Buyer = "api-buyer";
}
