using System.Globalization;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Odr.Web.Features.Regulators;
using Odr.Web.Infrastructure.Identity;

namespace Odr.Web.Pages.Regulator;

/// <summary>The regulator's dashboard: the figures of <c>GET /api/stats</c> with the same filters, drawn, and the CSV export.</summary>
[Authorize(Roles = Roles.Regulator)]
public sealed class IndexModel(Statistics statistics) : PageModel
{
    [BindProperty(SupportsGet = true)] public DateOnly? From { get; set; }
    [BindProperty(SupportsGet = true)] public DateOnly? To { get; set; }
    [BindProperty(SupportsGet = true)] public string? ClaimType { get; set; }
    [BindProperty(SupportsGet = true)] public string? BuyerCountry { get; set; }
    [BindProperty(SupportsGet = true)] public string? SellerCountry { get; set; }
    [BindProperty(SupportsGet = true)] public string? Marketplace { get; set; }

    public StatsResponse? Stats { get; private set; }

    private StatsFilter? Validated()
    {
        var (filter, errors) = RegulatorEndpoints.Filter(From, To, Blank(ClaimType), Blank(BuyerCountry), Blank(SellerCountry), Blank(Marketplace));
        foreach (var (field, messages) in errors ?? [])
        {
            foreach (var message in messages)
            {
                ModelState.AddModelError(field, message);
            }
        }
        return ModelState.IsValid ? filter : null;
    }

    public async Task OnGetAsync(CancellationToken ct)
    {
        if (Validated() is { } filter)
        {
            Stats = await statistics.ComputeAsync(filter, ct);
        }
    }

    public async Task<IActionResult> OnGetExportAsync(CancellationToken ct) =>
        Validated() is { } filter
            ? File(System.Text.Encoding.UTF8.GetBytes(await statistics.CsvAsync(filter, ct)), "text/csv; charset=utf-8", "odr-cases.csv")
            : Page();

    /// <summary>The query string of the current filters, for the export link.</summary>
    public string Query() => string.Join('&', new (string Name, string? Value)[]
        {
            ("from", From?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)), ("to", To?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)),
            ("claimType", Blank(ClaimType)), ("buyerCountry", Blank(BuyerCountry)), ("sellerCountry", Blank(SellerCountry)), ("marketplace", Blank(Marketplace)),
        }.Where(p => p.Value is not null).Select(p => $"{p.Name}={Uri.EscapeDataString(p.Value!)}"));

    public static string Percent(double? rate) => rate is { } r ? $"{r * 100:0.#} %" : "—";

    public static string Days(double? days) => days is { } d ? d.ToString("0.##", CultureInfo.InvariantCulture) : "—";

    /// <summary>A bar's width in rem, for a value out of the largest shown.</summary>
    public static string Width(double value, double max) => (max <= 0 ? 0 : Math.Round(12 * value / max, 2)).ToString(CultureInfo.InvariantCulture) + "rem";

    private static string? Blank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}
