using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Odr.Domain.Parties;
using Odr.Web.Infrastructure;
using Odr.Web.Infrastructure.Identity;

namespace Odr.Web.Features.Neutrals;

/// <summary>One neutral in the pool as the admin sees them, with their open caseload.</summary>
public sealed record NeutralRow(Guid ProfileId, string Name, string Email, CaseRole Role, IReadOnlyList<string> Languages,
    string ConflictDomains, bool Active, int OpenCases);

/// <summary>The admin's side of the neutral pool: appointing neutrals and keeping their languages and declared links.</summary>
public sealed class NeutralRoster(OdrDbContext db, UserManager<OdrUser> users, TimeProvider time)
{
    public static readonly IReadOnlyList<string> LanguageCodes = [.. Languages.All.Select(l => l.Code)];

    public async Task<IReadOnlyList<NeutralRow>> ListAsync(CancellationToken ct)
    {
        var profiles = await db.Set<NeutralProfile>().AsNoTracking().ToListAsync(ct);
        var ids = profiles.Select(p => p.UserId.Value).ToList();
        var people = await db.Users.AsNoTracking().Where(u => ids.Contains(u.Id)).ToDictionaryAsync(u => u.Id, ct);
        var load = new Dictionary<CaseRole, Dictionary<UserId, int>>
        {
            [CaseRole.Mediator] = await NeutralPool.OpenCaseloadAsync(db, CaseRole.Mediator, ct),
            [CaseRole.Arbitrator] = await NeutralPool.OpenCaseloadAsync(db, CaseRole.Arbitrator, ct),
        };
        return profiles.Select(p =>
            {
                var person = people.GetValueOrDefault(p.UserId.Value);
                return new NeutralRow(p.Id, person?.NameForDisplay ?? "?", person?.Email ?? "", p.Role, p.LanguageCodes, p.ConflictDomains,
                    p.Active, load[p.Role].GetValueOrDefault(p.UserId));
            })
            .OrderBy(r => r.Role).ThenBy(r => r.Name, StringComparer.Ordinal).ToList();
    }

    /// <summary>Makes an existing account a mediator or arbitrator. The error names what is wrong, or none on success.</summary>
    public async Task<string?> AppointAsync(string? email, CaseRole role, IReadOnlyCollection<string> languages, string? conflictDomains,
        CancellationToken ct)
    {
        if (role is not (CaseRole.Mediator or CaseRole.Arbitrator))
        {
            return "A neutral is a mediator or an arbitrator.";
        }
        if (string.IsNullOrWhiteSpace(email) || await users.FindByEmailAsync(email.Trim()) is not { } user)
        {
            return "No account has this e-mail address: the person registers first.";
        }
        if (await db.Set<NeutralProfile>().AnyAsync(n => n.UserId == user.UserId && n.Role == role, ct))
        {
            return "This person is already in the pool in this role.";
        }
        if (CheckProfile(languages, conflictDomains) is { } invalid)
        {
            return invalid;
        }
        var roleName = role == CaseRole.Mediator ? Roles.Mediator : Roles.Arbitrator;
        if (!await users.IsInRoleAsync(user, roleName) && await users.AddToRoleAsync(user, roleName) is { Succeeded: false } failed)
        {
            return string.Join(" ", failed.Errors.Select(e => e.Description));
        }
        db.Set<NeutralProfile>().Add(new NeutralProfile
        {
            Id = Guid.CreateVersion7(),
            UserId = user.UserId,
            Role = role,
            Languages = string.Join(',', languages),
            ConflictDomains = Normalise(conflictDomains),
            Active = true,
            CreatedAt = time.GetUtcNow(),
        });
        await db.SaveChangesAsync(ct);
        return null;
    }

    /// <summary>Changes a neutral's languages, declared links and availability; cases already assigned keep their neutral.</summary>
    public async Task<string?> UpdateAsync(Guid profileId, IReadOnlyCollection<string> languages, string? conflictDomains, bool active,
        CancellationToken ct)
    {
        if (await db.Set<NeutralProfile>().SingleOrDefaultAsync(n => n.Id == profileId, ct) is not { } profile)
        {
            return "This neutral is not in the pool.";
        }
        if (CheckProfile(languages, conflictDomains) is { } invalid)
        {
            return invalid;
        }
        profile.Languages = string.Join(',', languages);
        profile.ConflictDomains = Normalise(conflictDomains);
        profile.Active = active;
        await db.SaveChangesAsync(ct);
        return null;
    }

    private static string? CheckProfile(IReadOnlyCollection<string> languages, string? conflictDomains)
    {
        if (languages.Count == 0 || languages.Any(l => !LanguageCodes.Contains(l)))
        {
            return "Choose at least one case language the neutral works in.";
        }
        return Normalise(conflictDomains).Length > NeutralProfile.ConflictDomainsMaxLength
            ? "The declared links are too long."
            : Normalise(conflictDomains).Split(',', StringSplitOptions.RemoveEmptyEntries).Any(d => !d.Contains('.', StringComparison.Ordinal) || d.Contains('@', StringComparison.Ordinal))
                ? "Declare links as e-mail domains separated by commas, such as example.com, shop.cn."
                : null;
    }

    private static string Normalise(string? domains) => string.Join(',',
        (domains ?? "").Split([',', ' ', ';', '\n'], StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)
            .Select(d => d.ToLowerInvariant()).Distinct());
}
