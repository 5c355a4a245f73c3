using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Odr.Web.Features.Disputes;

namespace Odr.Web.Pages.Cases;

public sealed class IndexModel(CaseAccess access) : PageModel
{
    private const int PageSize = 20;

    public IReadOnlyList<CaseSummary> Cases { get; private set; } = [];

    public bool EmailConfirmed { get; private set; }

    public int PageNumber { get; private set; } = 1;

    public int PageCount { get; private set; } = 1;

    public async Task<IActionResult> OnGetAsync([FromQuery(Name = "p")] int page, CancellationToken ct)
    {
        if (await access.CurrentUserAsync(User) is not { } user)
        {
            return Challenge();
        }
        EmailConfirmed = user.EmailConfirmed;
        var total = await access.VisibleTo(user).CountAsync(ct);
        PageCount = Math.Max(1, (total + PageSize - 1) / PageSize);
        PageNumber = Math.Clamp(page, 1, PageCount);
        (Cases, _) = await access.ListAsync(user, PageNumber, PageSize, ct);
        return Page();
    }
}
