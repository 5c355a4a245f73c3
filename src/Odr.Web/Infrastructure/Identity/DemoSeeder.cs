using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Odr.Domain.Common;
using Odr.Domain.Parties;

namespace Odr.Web.Infrastructure.Identity;

/// <summary>Creates the roles always, and the demo accounts of api.md when <c>Odr:Demo:Seed</c> is on. Idempotent.</summary>
public sealed class DemoSeeder(UserManager<OdrUser> users, RoleManager<OdrRole> roles, OdrDbContext db, TimeProvider time, ILogger<DemoSeeder> logger)
{
    public const string DemoPassword = "Odr-demo-2026!";

    private static readonly (string Email, string Role, string DisplayName, string? Country, string Language)[] Accounts =
    [
        ("buyer@demo.odr", Roles.Buyer, "Anna Becker", "DE", "en"),
        ("buyer2@demo.odr", Roles.Buyer, "李娜", "CN", "zh"),
        ("seller@demo.odr", Roles.Seller, "Shenzhen Audio Co.", "CN", "zh"),
        ("seller2@demo.odr", Roles.Seller, "Portland Outdoor Supply LLC", "US", "en"),
        ("mediator@demo.odr", Roles.Mediator, "Maria Rossi", "IT", "en"),
        ("mediator2@demo.odr", Roles.Mediator, "王芳", "SG", "zh"),
        ("arbitrator@demo.odr", Roles.Arbitrator, "James Okafor", "GB", "en"),
        ("arbitrator2@demo.odr", Roles.Arbitrator, "陈明", "HK", "zh"),
        // A second arbitrator for Chinese cases: an appeal goes to one who had no part in the case.
        ("arbitrator3@demo.odr", Roles.Arbitrator, "林雪", "TW", "zh"),
        ("regulator@demo.odr", Roles.Regulator, "Consumer Protection Office", null, "en"),
        ("admin@demo.odr", Roles.Admin, "Service Administrator", null, "en"),
    ];

    public async Task EnsureRolesAsync()
    {
        foreach (var name in Roles.All)
        {
            if (!await roles.RoleExistsAsync(name))
            {
                Check(await roles.CreateAsync(new OdrRole(name)), $"role {name}");
            }
        }
    }

    public async Task SeedDemoAccountsAsync()
    {
        foreach (var (email, role, displayName, country, language) in Accounts)
        {
            var user = await users.FindByEmailAsync(email);
            if (user is null)
            {
                user = new OdrUser
                {
                    UserName = email,
                    Email = email,
                    EmailConfirmed = true,
                    DisplayName = displayName,
                    Country = country,
                    PreferredLanguage = language,
                };
                Check(await users.CreateAsync(user, DemoPassword), email);
                logger.LogInformation("Created demo account {Email} ({Role})", email, role);
            }
            if (!await users.IsInRoleAsync(user, role))
            {
                Check(await users.AddToRoleAsync(user, role), $"{email} as {role}");
            }
            // The demo sellers are businesses by their own statement (api.md), so their public records exist whatever buyers type.
            if (role == Roles.Seller && country is not null && EmailAddress.TryParse(email, out var address)
                && !await db.Set<SellerProfile>().AnyAsync(p => p.Email == address))
            {
                db.Add(SellerProfile.State(address, user.UserId, displayName, SellerType.Business, CountryCode.Parse(country), null, time.GetUtcNow()));
                await db.SaveChangesAsync();
            }
        }
    }

    private static void Check(IdentityResult result, string what)
    {
        if (!result.Succeeded)
        {
            throw new InvalidOperationException($"Could not create {what}: {string.Join("; ", result.Errors.Select(e => e.Description))}");
        }
    }
}
