using Microsoft.AspNetCore.Identity;
using Odr.Web.Infrastructure.Startup;

namespace Odr.Web.Infrastructure.Identity;

public static class IdentitySetup
{
    /// <summary>
    /// Accounts in the service's database; pages sign in with the cookie (challenged to the sign-in page), the API with
    /// bearer tokens. Each feature adds the authorization policies it names.
    /// </summary>
    public static IServiceCollection AddOdrIdentity(this IServiceCollection services)
    {
        services
            .AddIdentityApiEndpoints<OdrUser>(options =>
            {
                options.User.RequireUniqueEmail = true;
                options.Password.RequiredLength = 8;
                // The lockout's numbers: PasswordSignIn counts wrong passwords per account and client address with them.
                options.Lockout.MaxFailedAccessAttempts = 5;
                options.Lockout.DefaultLockoutTimeSpan = TimeSpan.FromMinutes(5);
                options.SignIn.RequireConfirmedAccount = false; // a buyer may file at once; a seller's access needs the confirmed address
            })
            .AddRoles<OdrRole>()
            .AddEntityFrameworkStores<OdrDbContext>();
        services.AddAuthentication(options =>
        {
            options.DefaultScheme = IdentityConstants.ApplicationScheme;
            options.DefaultChallengeScheme = IdentityConstants.ApplicationScheme;
        });
        services.ConfigureApplicationCookie(cookie =>
        {
            cookie.LoginPath = "/Account/Login";
            cookie.LogoutPath = "/Account/Logout";
            cookie.AccessDeniedPath = "/Account/AccessDenied";
            cookie.Cookie.HttpOnly = true;
            cookie.Cookie.SameSite = SameSiteMode.Lax;
        });
        // A cookie made before the account's security stamp changed (sign-out, a new password, a confirmed address) ends at
        // its next request, as a bearer token does (BearerTokens).
        services.Configure<SecurityStampValidatorOptions>(options => options.ValidationInterval = TimeSpan.Zero);
        services.AddScoped<ISecurityStampValidator, CookieStampValidator>();
        services.AddScoped<DemoSeeder>();
        services.AddStartupTask("identity.roles", StartupOrder.Essentials, (scope, _) => scope.GetRequiredService<DemoSeeder>().EnsureRolesAsync());
        services.AddStartupTask("identity.demoAccounts", StartupOrder.DemoData, (scope, _) =>
            StartupTasks.SeedsDemo(scope) ? scope.GetRequiredService<DemoSeeder>().SeedDemoAccountsAsync() : Task.CompletedTask);
        return services;
    }
}
