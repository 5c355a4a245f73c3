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
    /// <summary>How many of the viewer's most recent cases the notices are looked for in.</summary>
    public const int CasesLooked = 200;

    /// <summary>How many awaiting actions the centre lists (nearest deadline first); the header counts them all.</summary>
    public const int ActionsShown = 200;

    public const int NoticesShown = 100;

    public sealed record AwaitingAction(Guid CaseId, string Number, CaseRole Role, CaseTask Task);

    public sealed record NoticeEntry(Guid CaseId, string Number, CaseRole Role, NoticeKind Kind, DateTimeOffset SentAt);

    /// <summary>The actions the viewer's open cases await from them, nearest deadline first, from the read model (<see cref="AwaitingTasksReadModel"/>).</summary>
    public async Task<IReadOnlyList<AwaitingAction>> AwaitingAsync(OdrUser user, CancellationToken ct)
    {
        var rows = await AwaitingTasksReadModel.AwaitingRowsOf(db, user.UserId, user.ConfirmedEmail)
            .OrderBy(t => t.Due == null).ThenBy(t => t.Due).ThenByDescending(t => t.Number).ThenBy(t => t.Position)
            .Take(ActionsShown).ToListAsync(ct);
        return rows.Select(t => new AwaitingAction(t.CaseId.Value, t.Number.ToString(), t.Role, t.ToTask())).ToList();
    }

    /// <summary>The count the site's header shows on every page: the actions awaiting the signed-in person (none when not signed in), one indexed count.</summary>
    public async Task<int> AwaitingCountAsync(System.Security.Claims.ClaimsPrincipal principal, CancellationToken ct) =>
        await access.CurrentUserAsync(principal) is { } user
            ? await AwaitingTasksReadModel.AwaitingRowsOf(db, user.UserId, user.ConfirmedEmail).CountAsync(ct)
            : 0;

    /// <summary>The notices sent to the viewer in their part of each case (not to another holder of the same part), newest first.</summary>
    public async Task<IReadOnlyList<NoticeEntry>> NoticesAsync(OdrUser user, CancellationToken ct)
    {
        var cases = await access.VisibleTo(user).OrderByDescending(c => c.CreatedAt).Take(CasesLooked).AsNoTracking().ToListAsync(ct);
        var roles = cases.Where(c => c.RoleOf(user.UserId, user.ConfirmedEmail) is not null)
            .ToDictionary(c => c.Id, c => (Number: c.Number.ToString(), Role: c.RoleOf(user.UserId, user.ConfirmedEmail)!.Value));
        // The viewer's part is chosen in the statement, so the newest notices to the other parties cannot crowd theirs out.
        List<DisputeId> CasesWhereViewerIs(CaseRole role) => roles.Where(r => r.Value.Role == role).Select(r => r.Key).ToList();
        var asBuyer = CasesWhereViewerIs(CaseRole.Buyer);
        var asSeller = CasesWhereViewerIs(CaseRole.Seller);
        var asMediator = CasesWhereViewerIs(CaseRole.Mediator);
        var asArbitrator = CasesWhereViewerIs(CaseRole.Arbitrator);
        var sent = await db.Set<SentNotice>().AsNoTracking()
            .Where(n => (n.Recipient == CaseRole.Buyer && asBuyer.Contains(n.DisputeId))
                || (n.Recipient == CaseRole.Seller && asSeller.Contains(n.DisputeId))
                || (n.Recipient == CaseRole.Mediator && asMediator.Contains(n.DisputeId))
                || (n.Recipient == CaseRole.Arbitrator && asArbitrator.Contains(n.DisputeId)))
            .OrderByDescending(n => n.SentAt).Take(NoticesShown).ToListAsync(ct);
        return sent.Select(n => new NoticeEntry(n.DisputeId.Value, roles[n.DisputeId].Number, n.Recipient, n.Kind, n.SentAt)).ToList();
    }
}
