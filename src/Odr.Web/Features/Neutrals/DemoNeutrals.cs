using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Odr.Domain.Parties;
using Odr.Web.Infrastructure;
using Odr.Web.Infrastructure.Identity;

namespace Odr.Web.Features.Neutrals;

/// <summary>Puts the demo mediators and arbitrators (seeded as accounts by <see cref="DemoSeeder"/>) in the pool. Idempotent.</summary>
public sealed class DemoNeutrals(UserManager<OdrUser> users, OdrDbContext db, TimeProvider time)
{
    /// <summary>The demo neutrals' pool entries: who mediates or arbitrates, in which languages.</summary>
    private static readonly (string Email, CaseRole Role, string Languages)[] Neutrals =
    [
        ("mediator@demo.odr", CaseRole.Mediator, "en"),
        ("mediator2@demo.odr", CaseRole.Mediator, "zh,en"),
        ("arbitrator@demo.odr", CaseRole.Arbitrator, "en"),
        ("arbitrator2@demo.odr", CaseRole.Arbitrator, "zh,en"),
        ("arbitrator3@demo.odr", CaseRole.Arbitrator, "zh,en"),
    ];

    public async Task SeedAsync()
    {
        foreach (var (email, role, languages) in Neutrals)
        {
            var user = await users.FindByEmailAsync(email) ?? throw new InvalidOperationException($"{email} was not seeded.");
            if (!await db.Set<NeutralProfile>().AnyAsync(n => n.UserId == user.UserId && n.Role == role))
            {
                db.Set<NeutralProfile>().Add(new NeutralProfile
                {
                    Id = Guid.CreateVersion7(),
                    UserId = user.UserId,
                    Role = role,
                    Languages = languages,
                    Active = true,
                    CreatedAt = time.GetUtcNow(),
                });
            }
        }
        await db.SaveChangesAsync();
    }
}
