using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Odr.Domain.Disputes;
using Odr.Web.Features.Regulators;
using Odr.Web.Infrastructure.Identity;

namespace Odr.Web.Pages.Regulator.Cases;

/// <summary>
/// A case as a regulator reads it: <see cref="RegulatorCaseView"/>, the same pseudonymised contract as the API, and no
/// forms. The issued PDFs carry the parties' names, so the page lists them by hash and verification code only.
/// </summary>
[Authorize(Roles = Roles.Regulator)]
public sealed class DetailsModel(RegulatorCaseView view) : PageModel
{
    public RegulatorCaseResponse Case { get; private set; } = null!;

    public async Task<IActionResult> OnGetAsync(Guid id, CancellationToken ct)
    {
        if (await view.FindAsync(new DisputeId(id), ct) is not { } found)
        {
            return NotFound();
        }
        Case = found;
        return Page();
    }
}
