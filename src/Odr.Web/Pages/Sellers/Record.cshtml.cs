using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.RateLimiting;
using Odr.Web.Features.GoverningLaw;
using Odr.Web.Features.PublicRecords;

namespace Odr.Web.Pages.Sellers;

/// <summary>A business seller's public dispute record: the same figures as <c>GET /api/sellers/{key}/record</c>.</summary>
[EnableRateLimiting(GoverningLawEndpoints.AnonymousRateLimit)]
public sealed class RecordModel(PublicRecords records) : PageModel
{
    public SellerRecordResponse Record { get; private set; } = null!;

    public async Task<IActionResult> OnGetAsync(string sellerKey, CancellationToken ct)
    {
        if (await records.RecordAsync(sellerKey, ct) is not { } record)
        {
            return NotFound();
        }
        Record = record;
        return Page();
    }

    public static string Percent(double? rate) => rate is { } r ? $"{r * 100:0.#} %" : "not yet known";
}
