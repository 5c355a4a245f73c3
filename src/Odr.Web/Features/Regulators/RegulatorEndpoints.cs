using System.Globalization;
using Microsoft.AspNetCore.Http.HttpResults;
using Odr.Domain.Common;
using Odr.Domain.Disputes;
using Odr.Web.Features.Disputes;

namespace Odr.Web.Features.Regulators;

public static class RegulatorEndpoints
{
    public const string RegulatorPolicy = "api-regulator";

    public static IEndpointRouteBuilder MapRegulators(this IEndpointRouteBuilder app)
    {
        var stats = app.MapGroup("/api/stats").WithTags("Regulators").RequireAuthorization(RegulatorPolicy);
        stats.MapGet("", async Task<Results<Ok<StatsResponse>, ValidationProblem>> (Statistics statistics, CancellationToken ct, DateOnly? from = null,
                DateOnly? to = null, string? claimType = null, string? buyerCountry = null, string? sellerCountry = null, string? marketplace = null) =>
            Filter(from, to, claimType, buyerCountry, sellerCountry, marketplace) switch
            {
                (_, { } errors) => TypedResults.ValidationProblem(errors),
                var (filter, _) => TypedResults.Ok(await statistics.ComputeAsync(filter!, ct)),
            })
            .WithName("GetStatistics").WithSummary("Totals, outcomes, stage durations, rates, breakdowns and per-neutral figures (regulator).");
        stats.MapGet("export.csv", async Task<Results<FileContentHttpResult, ValidationProblem>> (Statistics statistics, CancellationToken ct,
                DateOnly? from = null, DateOnly? to = null, string? claimType = null, string? buyerCountry = null, string? sellerCountry = null,
                string? marketplace = null) =>
            Filter(from, to, claimType, buyerCountry, sellerCountry, marketplace) switch
            {
                (_, { } errors) => TypedResults.ValidationProblem(errors),
                var (filter, _) => TypedResults.File(System.Text.Encoding.UTF8.GetBytes(await statistics.CsvAsync(filter!, ct)), "text/csv; charset=utf-8",
                    "odr-cases.csv"),
            })
            .WithName("ExportCases").WithSummary("One pseudonymised line per case (regulator).");
        return app;
    }

    /// <summary>The filter, or the errors naming each bad field (claim types are read in any letter case, as in filings).</summary>
    public static (StatsFilter? Filter, Dictionary<string, string[]>? Errors) Filter(DateOnly? from, DateOnly? to, string? claimType,
        string? buyerCountry, string? sellerCountry, string? marketplace)
    {
        var errors = new ValidationErrors();
        ClaimType? type = null;
        if (claimType is not null)
        {
            if (Enum.TryParse<ClaimType>(claimType, ignoreCase: true, out var parsed) && Enum.IsDefined(parsed) && !int.TryParse(claimType, out _))
            {
                type = parsed;
            }
            else
            {
                errors.Add("claimType", $"Unknown claim type; one of {string.Join(", ", Enum.GetNames<ClaimType>().Select(n => char.ToLowerInvariant(n[0]) + n[1..]))}.");
            }
        }
        foreach (var (field, date) in new[] { ("from", from), ("to", to) })
        {
            if (date is { } day && (day < StatsFilter.Earliest || day > StatsFilter.Latest))
            {
                errors.Add(field, string.Create(CultureInfo.InvariantCulture,
                    $"Give a date between {StatsFilter.Earliest:yyyy-MM-dd} and {StatsFilter.Latest:yyyy-MM-dd}."));
            }
        }
        if (from is { } f && to is { } t && f > t)
        {
            errors.Add("from", "The period starts after it ends.");
        }
        if (buyerCountry is not null)
        {
            errors.Country(buyerCountry, "buyerCountry");
        }
        if (sellerCountry is not null)
        {
            errors.Country(sellerCountry, "sellerCountry");
        }
        return errors.IsEmpty ? (new StatsFilter(from, to, type, buyerCountry, sellerCountry, marketplace), null) : (null, errors.ToDictionary());
    }
}
