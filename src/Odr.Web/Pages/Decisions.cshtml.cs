using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.RateLimiting;
using Odr.Web.Features.GoverningLaw;
using Odr.Web.Features.PublicRecords;

namespace Odr.Web.Pages;

/// <summary>Published decisions: every arbitral award and dismissal, newest first, without the parties.</summary>
[EnableRateLimiting(GoverningLawEndpoints.AnonymousRateLimit)]
public sealed class DecisionsModel(PublicRecords records) : PageModel
{
    public const int PageSize = 20;

    [BindProperty(SupportsGet = true, Name = "page")]
    public int PageNumber { get; set; } = 1;

    public IReadOnlyList<PublishedDecision> Items { get; private set; } = [];

    public int Total { get; private set; }

    public async Task OnGetAsync(CancellationToken ct)
    {
        PageNumber = Math.Max(1, PageNumber);
        (Items, Total) = await records.DecisionsAsync(PageNumber, PageSize, ct);
    }
}
