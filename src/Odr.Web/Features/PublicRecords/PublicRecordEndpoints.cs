using Microsoft.AspNetCore.Http.HttpResults;
using Odr.Web.Features.Disputes;
using Odr.Web.Features.GoverningLaw;

namespace Odr.Web.Features.PublicRecords;

public static class PublicRecordEndpoints
{
    public const int MaxPageSize = 100;

    public static IEndpointRouteBuilder MapPublicRecords(this IEndpointRouteBuilder app)
    {
        var sellers = app.MapGroup("/api/sellers").WithTags("Public records").AllowAnonymous()
            .RequireRateLimiting(GoverningLawEndpoints.AnonymousRateLimit);
        sellers.MapGet("", async Task<Results<Ok<SellerKeyResponse>, ProblemHttpResult, ValidationProblem>> (string? email,
                PublicRecords records, CancellationToken ct) =>
            {
                if (string.IsNullOrWhiteSpace(email))
                {
                    return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["email"] = ["The seller's e-mail address is required."] });
                }
                return await records.KeyForAsync(email, ct) is { } key
                    ? TypedResults.Ok(new SellerKeyResponse(key, $"/api/sellers/{key}/record"))
                    : NoRecord();
            })
            .WithName("FindSellerRecord").WithSummary("The public record's key for a business seller's e-mail address.");
        sellers.MapGet("{sellerKey}/record", async Task<Results<Ok<SellerRecordResponse>, ProblemHttpResult>> (string sellerKey,
                PublicRecords records, CancellationToken ct) =>
                await records.RecordAsync(sellerKey, ct) is { } record ? TypedResults.Ok(record) : NoRecord())
            .WithName("GetSellerRecord").WithSummary("A business seller's public dispute record, with the formula of each rate.");

        app.MapGet("/api/decisions", async Task<Results<Ok<PagedResponse<PublishedDecision>>, ValidationProblem>> (PublicRecords records,
                CancellationToken ct, int page = 1, int pageSize = 20) =>
            {
                var errors = new ValidationErrors();
                errors.Paging(page, pageSize, MaxPageSize);
                if (!errors.IsEmpty)
                {
                    return TypedResults.ValidationProblem(errors.ToDictionary());
                }
                var (items, total) = await records.DecisionsAsync(page, pageSize, ct);
                return TypedResults.Ok(new PagedResponse<PublishedDecision>(items, page, pageSize, total));
            })
            .WithTags("Public records").AllowAnonymous().RequireRateLimiting(GoverningLawEndpoints.AnonymousRateLimit)
            .WithName("ListPublishedDecisions").WithSummary("Arbitral decisions, newest first, without the parties: claim, decision, governing law, reasons.");
        return app;
    }

    private static ProblemHttpResult NoRecord() => TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "No public record",
        detail: "The service holds no public record for this seller: no complaint names it, or it is a private seller, whose disputes are not published.");
}

public sealed record SellerKeyResponse(string SellerKey, string Record);
