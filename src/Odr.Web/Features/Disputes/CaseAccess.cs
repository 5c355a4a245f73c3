using System.Security.Claims;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Odr.Domain.Disputes;
using Odr.Domain.Parties;
using Odr.Web.Infrastructure;
using Odr.Web.Infrastructure.Identity;

namespace Odr.Web.Features.Disputes;

/// <summary>
/// Who may see which case. A party sees its own cases: the buyer who filed, and the seller whose confirmed
/// e-mail address is on the case. Everyone else is told the case does not exist.
/// </summary>
public sealed class CaseAccess(OdrDbContext db, UserManager<OdrUser> users)
{
    /// <summary>The signed-in account, fresh from the database (its e-mail confirmation may have changed).</summary>
    public async Task<OdrUser?> CurrentUserAsync(ClaimsPrincipal principal) =>
        principal.Identity?.IsAuthenticated == true ? await users.GetUserAsync(principal) : null;

    /// <summary>Regulators read every case, pseudonymised, and act on none.</summary>
    public Task<bool> IsRegulatorAsync(OdrUser user) => users.IsInRoleAsync(user, Roles.Regulator);

    /// <summary>The cases a participant takes part in (a regulator's list is every case: see <see cref="ListAsync"/>).</summary>
    public IQueryable<DisputeCase> VisibleTo(OdrUser user)
    {
        var userId = user.UserId;
        if (user.ConfirmedEmail is { } email)
        {
            return db.Cases.Where(c => c.Buyer.UserId == userId || c.Seller.Email == email || c.MediatorId == userId || c.ArbitratorId == userId);
        }
        return db.Cases.Where(c => c.Buyer.UserId == userId || c.MediatorId == userId || c.ArbitratorId == userId);
    }

    /// <summary>
    /// One page of the viewer's cases with the total count: newest first, or (a neutral's caseload) open cases by
    /// nearest deadline, then closed ones.
    /// </summary>
    public async Task<(IReadOnlyList<CaseSummary> Items, int Total)> ListAsync(OdrUser user, int page, int pageSize, CancellationToken ct,
        bool byDeadline = false)
    {
        var regulator = await IsRegulatorAsync(user);
        var query = regulator ? db.Cases : VisibleTo(user);
        var total = await query.CountAsync(ct);
        var ordered = byDeadline
            ? query.OrderBy(c => c.Deadline == null).ThenBy(c => c.Deadline).ThenByDescending(c => c.CreatedAt)
            : query.OrderByDescending(c => c.CreatedAt).ThenByDescending(c => c.Number);
        var cases = await ordered.Skip((page - 1) * pageSize).Take(pageSize).AsNoTracking().ToListAsync(ct);
        return (cases.Select(c => regulator
            ? c.ToSummary(CaseRole.Regulator) with { OrderReference = null, Item = null }
            : c.ToSummary(c.RoleOf(user.UserId, user.ConfirmedEmail)!.Value)).ToList(), total);
    }

    /// <summary>Whether the viewer may see the case, without loading it (a list of its documents needs no more).</summary>
    public Task<bool> CanSeeAsync(DisputeId id, OdrUser user, CancellationToken ct) => VisibleTo(user).AnyAsync(c => c.Id == id, ct);

    /// <summary>
    /// The case's own row (none of its collections) and the viewer's part in it: for an action that reads only the case's
    /// own fields, such as posting a chat message, which happens far more often than anything else on a case.
    /// </summary>
    public async Task<(DisputeCase Case, CaseRole Role)?> FindCaseRowAsync(DisputeId id, OdrUser user, CancellationToken ct)
    {
        var dispute = await VisibleTo(user).SingleOrDefaultAsync(c => c.Id == id, ct);
        return dispute?.RoleOf(user.UserId, user.ConfirmedEmail) is { } role ? (dispute, role) : null;
    }

    /// <summary>
    /// The accounts that may read <paramref name="channel"/> of the case now, each as its part allows: the buyer, whoever
    /// holds the seller's address confirmed, the neutrals assigned. Asked at each send, so an account whose part ended (a
    /// seller who changed address, a neutral replaced) is sent nothing more, on any node, whatever connection it holds.
    /// </summary>
    public async Task<IReadOnlyList<UserId>> ReadersAsync(DisputeCase dispute, ChatChannel channel, CancellationToken ct)
    {
        var sellerAddress = users.NormalizeEmail(dispute.Seller.Email.Value);
        var sellers = await db.Users.AsNoTracking().Where(u => u.NormalizedEmail == sellerAddress && u.EmailConfirmed).ToListAsync(ct);
        var candidates = sellers.Select(u => (u.UserId, u.ConfirmedEmail))
            .Append((dispute.Buyer.UserId, null))
            .Concat(new[] { dispute.MediatorId, dispute.ArbitratorId }.OfType<UserId>().Select(id => (id, (EmailAddress?)null)));
        return candidates
            .Where(c => dispute.RoleOf(c.Item1, c.Item2) is { } role && DisputeCase.ReadableChannels(role).Contains(channel))
            .Select(c => c.Item1).Distinct().ToList();
    }

    /// <summary>The case with its evidence and the viewer's part in it, or none when the viewer may not see it.</summary>
    public Task<(DisputeCase Case, CaseRole Role)?> FindAsync(DisputeId id, OdrUser user, CancellationToken ct) =>
        FindAsync(VisibleTo(user).WithAggregate(), id, user, ct);

    /// <summary>
    /// As <see cref="FindAsync(DisputeId, OdrUser, CancellationToken)"/>, untracked, for a view that only draws the case:
    /// no snapshot of each of its rows is kept for a save that never comes.
    /// </summary>
    public Task<(DisputeCase Case, CaseRole Role)?> FindToReadAsync(DisputeId id, OdrUser user, CancellationToken ct) =>
        FindAsync(VisibleTo(user).WithAggregate().AsNoTracking(), id, user, ct);

    private static async Task<(DisputeCase Case, CaseRole Role)?> FindAsync(IQueryable<DisputeCase> cases, DisputeId id, OdrUser user, CancellationToken ct)
    {
        var dispute = await cases.SingleOrDefaultAsync(c => c.Id == id, ct);
        if (dispute?.RoleOf(user.UserId, user.ConfirmedEmail) is not { } role)
        {
            return null;
        }
        return (dispute, role);
    }
}
