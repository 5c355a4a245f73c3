using System.Threading.RateLimiting;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.RateLimiting;
using Odr.Web.Infrastructure.Security;

namespace Odr.Web.Features.Accounts;

public static class AccountsFeature
{
    /// <summary>Registration, sign-in with its lockout and rate limit, and bearer and refresh tokens.</summary>
    public static IServiceCollection AddAccounts(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddScoped<AccountService>();
        services.AddScoped<PasswordSignIn>();
        services.AddScoped<RefreshTokens>();
        // Bearer tokens (the API, and the hub's query string) end when the account's security stamp changes.
        services.Configure<Microsoft.AspNetCore.Authentication.BearerToken.BearerTokenOptions>(IdentityConstants.BearerScheme, BearerTokens.Configure);
        // Sign-in, registration and the other account forms: per client address, on what is posted (guessing passwords
        // across accounts). Identity's lockout stops guessing one account's password from many addresses.
        services.Configure<RateLimiterOptions>(options => options.AddPolicy(AccountEndpoints.SignInRateLimit, context =>
            HttpMethods.IsGet(context.Request.Method) || HttpMethods.IsHead(context.Request.Method)
                ? RateLimitPartition.GetNoLimiter("reading")
                : RateLimiting.PerClientPerMinute(context, () => configuration.GetValue("Odr:RateLimits:SignInPerMinute", 20))));
        return services;
    }
}
