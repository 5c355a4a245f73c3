using Microsoft.EntityFrameworkCore;
using Odr.Domain.Disputes;
using Odr.Domain.Parties;
using Odr.Web.Features.Disputes;
using Odr.Web.Infrastructure;
using Odr.Web.Infrastructure.Identity;

namespace Odr.Web.Features.Notices;

/// <summary>What awaits a signed-in person across their cases: the actions the cases ask of them, and the notices sent to them.</summary>
public sealed class NotificationCentre(OdrDbContext db, CaseAccess access)
{
    /// <summary>How many of the viewer's most recent cases are looked at; older open cases still show on their own pages.</summary>
    public const int CasesLooked = 200;

    public const int NoticesShown = 100;

    public sealed record AwaitingAction(Guid CaseId, string Number, CaseRole Role, CaseTask Task);

    public sealed record NoticeEntry(Guid CaseId, string Number, CaseRole Role, NoticeKind Kind, DateTimeOffset SentAt);

    /// <summary>The actions the viewer's open cases await from them, nearest deadline first.</summary>
    public async Task<IReadOnlyList<AwaitingAction>> AwaitingAsync(OdrUser user, CancellationToken ct)
    {
        var open = await access.VisibleTo(user).Where(c => c.Stage != DisputeStage.Closed)
            .OrderByDescending(c => c.CreatedAt).Take(CasesLooked).WithAggregate().AsNoTracking().AsSplitQuery().ToListAsync(ct);
        return open
            .SelectMany(c => c.RoleOf(user.UserId, user.ConfirmedEmail) is { } role
                ? CaseTasks.For(c, role).Select(t => new AwaitingAction(c.Id.Value, c.Number.ToString(), role, t))
                : [])
            .OrderBy(a => a.Task.Due ?? DateTimeOffset.MaxValue).ToList();
    }

    /// <summary>The count the site's header shows: the actions awaiting the signed-in person (none when not signed in).</summary>
    public async Task<int> AwaitingCountAsync(System.Security.Claims.ClaimsPrincipal principal, CancellationToken ct) =>
        await access.CurrentUserAsync(principal) is { } user ? (await AwaitingAsync(user, ct)).Count : 0;

    /// <summary>The notices sent to the viewer in their part of each case (not to another holder of the same part), newest first.</summary>
    public async Task<IReadOnlyList<NoticeEntry>> NoticesAsync(OdrUser user, CancellationToken ct)
    {
        var cases = await access.VisibleTo(user).OrderByDescending(c => c.CreatedAt).Take(CasesLooked).AsNoTracking().ToListAsync(ct);
        var roles = cases.Where(c => c.RoleOf(user.UserId, user.ConfirmedEmail) is not null)
            .ToDictionary(c => c.Id, c => (Number: c.Number.ToString(), Role: c.RoleOf(user.UserId, user.ConfirmedEmail)!.Value));
        var ids = roles.Keys.ToList();
        var sent = await db.Set<SentNotice>().AsNoTracking().Where(n => ids.Contains(n.DisputeId))
            .OrderByDescending(n => n.SentAt).Take(NoticesShown * 4).ToListAsync(ct);
        return sent.Where(n => roles[n.DisputeId].Role == n.Recipient)
            .Select(n => new NoticeEntry(n.DisputeId.Value, roles[n.DisputeId].Number, n.Recipient, n.Kind, n.SentAt))
            .Take(NoticesShown).ToList();
    }
}
