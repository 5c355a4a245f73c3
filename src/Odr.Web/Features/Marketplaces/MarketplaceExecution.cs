using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Odr.Domain.Disputes;
using Odr.Web.Features.Disputes;
using Odr.Web.Infrastructure;

namespace Odr.Web.Features.Marketplaces;

/// <summary>
/// <c>POST /api/marketplace/cases/{id}/execution</c>: the marketplace that filed a case says it carried out the settlement
/// or award (or could not). The aggregate decides whether a report is allowed now and what follows from it.
/// </summary>
public sealed record ExecutionReportRequest(ExecutionStatus? Status, string? Reference, MoneyDto? Amount);

/// <summary>What the case shows of the marketplace's execution reports: the execution, and a failure reported before it.</summary>
public sealed record ExecutionResponse(string Marketplace, DateTimeOffset? ExecutedAt, string? Reference, MoneyResponse? Amount,
    DateTimeOffset? FailedAt, string? FailureReference)
{
    /// <summary>The case's execution reports, or none when the marketplace has reported nothing.</summary>
    public static ExecutionResponse? Of(DisputeCase c) => c.ExecutedAt is null && c.ExecutionFailedAt is null
        ? null
        : new ExecutionResponse(c.SellerVerifiedBy ?? "", c.ExecutedAt, c.ExecutionReference, c.ExecutionAmount?.ToResponse(), c.ExecutionFailedAt,
            c.ExecutionFailureReference);
}

public static class MarketplaceExecution
{
    public static RouteHandlerBuilder MapExecutionReport(this RouteGroupBuilder api) =>
        api.MapPost("cases/{id:guid}/execution", ReportAsync).RequireAuthorization(MarketplacesFeature.PolicyFor(MarketplaceScopes.ExecuteCases))
            .WithName("MarketplaceReportExecution").DisableAntiforgery()
            .WithSummary("Report a settlement or award carried out (executed: compliance ends as complied) or not (failed).")
            .ProducesProblem(400).ProducesProblem(404).ProducesProblem(409);

    private static async Task<Results<Ok<MarketplaceCaseView>, NotFound, UnauthorizedHttpResult>> ReportAsync(Guid id, ExecutionReportRequest request,
        HttpContext http, OdrDbContext db, TimeProvider time, IOptions<DeadlineOptions> deadlines, CancellationToken ct)
    {
        if (await MarketplaceEndpoints.CurrentAsync(http.User, db, ct) is not { } marketplace)
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
        // Field by field, as the request names them; the aggregate checks the rest (the currency, the stage, a repeat).
        var status = CaseActions.Required(request.Status, "status");
        if (string.IsNullOrWhiteSpace(request.Reference))
        {
            throw new Domain.Common.DomainException(Domain.Common.DomainErrorCode.InvalidValue,
                "The payment reference is required: it goes into the case's history.", "reference");
        }
        var amount = CaseActions.ToMoney(request.Amount, "amount");
        dispute.ReportExecution(marketplace.Name, status, request.Reference, amount, time.GetUtcNow(), deadlines.Value.ToPeriods());
        await db.SaveChangesAsync(ct);
        return TypedResults.Ok(MarketplaceCaseView.Of(dispute, filing.SellerAccountId));
    }
}
