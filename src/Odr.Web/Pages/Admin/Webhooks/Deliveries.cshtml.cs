using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Odr.Web.Features.Marketplaces;
using Odr.Web.Infrastructure;
using Odr.Web.Infrastructure.Identity;

namespace Odr.Web.Pages.Admin.Webhooks;

/// <summary>One marketplace's delivery log (the latest deliveries with every attempt), with a redelivery per delivery.</summary>
[Authorize(Roles = Roles.Admin)]
public sealed class DeliveriesModel(OdrDbContext db, TimeProvider time, WebhookWakeup wakeup) : PageModel
{
    public Marketplace? Marketplace { get; private set; }

    public IReadOnlyList<WebhookDeliveryView> Deliveries { get; private set; } = [];

    /// <summary>The log of one marketplace; without one (or an unknown one), back to the list on the admin page.</summary>
    public async Task<IActionResult> OnGetAsync(Guid marketplaceId, CancellationToken ct) =>
        await LoadAsync(marketplaceId, ct) ? Page() : Redirect("/Admin#marketplaces");

    public async Task<IActionResult> OnPostRedeliverAsync(Guid marketplaceId, Guid deliveryId, CancellationToken ct)
    {
        if (!await WebhookDeliveryEndpoints.RedeliverAsync(db, deliveryId, marketplaceId, time.GetUtcNow(), wakeup, ct))
        {
            return NotFound();
        }
        TempData["Notice"] = "The delivery is queued again.";
        return RedirectToPage(new { marketplaceId });
    }

    private async Task<bool> LoadAsync(Guid marketplaceId, CancellationToken ct)
    {
        Marketplace = await db.Set<Marketplace>().AsNoTracking().SingleOrDefaultAsync(m => m.Id == marketplaceId, ct);
        if (Marketplace is null)
        {
            return false;
        }
        Deliveries = await WebhookDeliveryEndpoints.ListAsync(db, marketplaceId, caseId: null, deadLetteredOnly: false, ct);
        return true;
    }
}
