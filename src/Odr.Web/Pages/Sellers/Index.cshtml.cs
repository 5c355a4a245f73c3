using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.RateLimiting;
using Odr.Web.Features.GoverningLaw;
using Odr.Web.Features.PublicRecords;

namespace Odr.Web.Pages.Sellers;

/// <summary>"Check a seller": a buyer types the address a marketplace shows for a seller and is taken to its record.</summary>
[EnableRateLimiting(GoverningLawEndpoints.AnonymousRateLimit)]
public sealed class IndexModel(PublicRecords records) : PageModel
{
    [BindProperty(SupportsGet = true)]
    public string? Email { get; set; }

    public bool NoRecord { get; private set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(Email))
        {
            return Page();
        }
        if (await records.KeyForAsync(Email.Trim(), ct) is { } key)
        {
            return RedirectToPage("/Sellers/Record", new { sellerKey = key });
        }
        NoRecord = true;
        return Page();
    }
}
