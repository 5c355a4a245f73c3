using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Odr.Web.Features.Disputes;
using Odr.Web.Features.Notices;

namespace Odr.Web.Pages;

/// <summary>The notification centre: every action the signed-in person's cases await from them, and every notice sent to them.</summary>
[Authorize]
public sealed class NotificationsModel(CaseAccess access, NotificationCentre centre, TimeProvider time) : PageModel
{
    public IReadOnlyList<NotificationCentre.AwaitingAction> Awaiting { get; private set; } = [];

    public IReadOnlyList<NotificationCentre.NoticeEntry> Notices { get; private set; } = [];

    public DateTimeOffset Now => time.GetUtcNow();

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        if (await access.CurrentUserAsync(User) is not { } user)
        {
            return Challenge();
        }
        Awaiting = await centre.AwaitingAsync(user, ct);
        Notices = await centre.NoticesAsync(user, ct);
        return Page();
    }
}
