using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Odr.Domain.Disputes;
using Odr.Web.Features.Disputes;
using Odr.Web.Infrastructure.Identity;

namespace Odr.Web.Pages.Cases;

public sealed class IndexModel(CaseAccess access, TimeProvider time) : PageModel
{
    private const int PageSize = 20;

    public IReadOnlyList<CaseSummary> Cases { get; private set; } = [];

    public bool EmailConfirmed { get; private set; }

    public int PageNumber { get; private set; } = 1;

    public int PageCount { get; private set; } = 1;

    /// <summary>A mediator or arbitrator: the list is their caseload, ordered by deadline.</summary>
    public bool IsNeutral { get; private set; }

    public int OpenCount { get; private set; }

    public int DueSoonCount { get; private set; }

    public async Task<IActionResult> OnGetAsync([FromQuery(Name = "p")] int page, CancellationToken ct)
    {
        if (await access.CurrentUserAsync(User) is not { } user)
        {
            return Challenge();
        }
        EmailConfirmed = user.EmailConfirmed;
        IsNeutral = User.IsInRole(Roles.Mediator) || User.IsInRole(Roles.Arbitrator);
        if (IsNeutral)
        {
            var soon = time.GetUtcNow().AddHours(48);
            var open = access.VisibleTo(user).Where(c => c.Stage != DisputeStage.Closed);
            OpenCount = await open.CountAsync(ct);
            DueSoonCount = await open.CountAsync(c => c.Deadline <= soon, ct);
        }
        var total = await access.VisibleTo(user).CountAsync(ct);
        PageCount = Math.Max(1, (total + PageSize - 1) / PageSize);
        PageNumber = Math.Clamp(page, 1, PageCount);
        (Cases, _) = await access.ListAsync(user, PageNumber, PageSize, ct, byDeadline: IsNeutral);
        return Page();
    }
}
