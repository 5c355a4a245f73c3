using Microsoft.Extensions.Localization;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Odr.Domain.Disputes;
using Odr.Web.Features.Audit;
using Odr.Web.Infrastructure;
using Odr.Web.Infrastructure.Identity;

namespace Odr.Web.Pages.Regulator;

/// <summary>The audit trail: the result of <c>GET /api/audit/verify</c>, and any case's chain to download and check offline.</summary>
[Authorize(Roles = Roles.Regulator + "," + Roles.Admin)]
public sealed class AuditModel(ChainVerifier verifier, OdrDbContext db, IStringLocalizer<Text> t) : PageModel
{
    [BindProperty(SupportsGet = true, Name = "case")]
    public string? CaseNumberText { get; set; }

    public AuditResult Result { get; private set; } = null!;

    public async Task OnGetAsync(CancellationToken ct) => Result = await verifier.VerifyAllAsync(ct);

    /// <summary>A case's chain by its number, as the JSON file <c>GET /api/audit/cases/{id}/chain</c> returns.</summary>
    public async Task<IActionResult> OnGetChainAsync(CancellationToken ct)
    {
        if (!CaseNumber.TryParse(CaseNumberText?.Trim().ToUpperInvariant(), out var number))
        {
            ModelState.AddModelError("case", "Enter a case number such as ODR-2026-000001.");
        }
        else if (await db.Cases.AsNoTracking().Where(c => c.Number == number).Select(c => (DisputeId?)c.Id).SingleOrDefaultAsync(ct) is { } id
                 && await verifier.ExportAsync(id, ct) is var (json, fileName))
        {
            return File(json, "application/json", fileName);
        }
        else
        {
            ModelState.AddModelError("case", t["There is no case {0}.", number]);
        }
        Result = await verifier.VerifyAllAsync(ct);
        return Page();
    }
}
