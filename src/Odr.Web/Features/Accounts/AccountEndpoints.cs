using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Identity.Data;
using Odr.Domain.Parties;
using Odr.Web.Infrastructure.Identity;

namespace Odr.Web.Features.Accounts;

public static class AccountEndpoints
{
    /// <summary>The rate limit on what is posted to the account endpoints and forms (sign-in, registration, resets).</summary>
    public const string SignInRateLimit = "sign-in";

    private static readonly string[] RequiredMessage = ["This field is required."];

    /// <summary>
    /// ASP.NET Core Identity's API endpoints under <c>/api/auth</c> (register, login, refresh, confirmEmail, …).
    /// Someone who registers through the API is a buyer: anyone may file a complaint.
    /// </summary>
    public static IEndpointRouteBuilder MapAccounts(this IEndpointRouteBuilder app)
    {
        var auth = app.MapGroup("/api/auth").WithTags("Accounts").RequireRateLimiting(SignInRateLimit);
        auth.AddEndpointFilter(async (context, next) =>
        {
            var result = await next(context);
            if (context.HttpContext.Request.Path.Value?.EndsWith("/register", StringComparison.OrdinalIgnoreCase) == true
                && result is INestedHttpResult { Result: Ok }
                && context.Arguments.OfType<RegisterRequest>().FirstOrDefault() is { } registration)
            {
                var accounts = context.HttpContext.RequestServices.GetRequiredService<AccountService>();
                await accounts.AssignDefaultRoleAsync(registration.Email);
            }
            return result;
        });
        auth.AddEndpointFilter(async (context, next) =>
        {
            // Identity's request records mark their fields `required`, but JSON null still binds and would reach
            // UserManager as a null (a 500). Name such fields instead. (Their text is checked as all JSON is: OdrJson.)
            var missing = context.Arguments
                .Where(argument => argument?.GetType().Namespace == typeof(LoginRequest).Namespace)
                .SelectMany(argument => argument!.GetType().GetProperties()
                    .Where(p => p.IsDefined(typeof(System.Runtime.CompilerServices.RequiredMemberAttribute), inherit: false) && p.GetValue(argument) is null)
                    .Select(p => System.Text.Json.JsonNamingPolicy.CamelCase.ConvertName(p.Name)))
                .ToDictionary(name => name, _ => RequiredMessage);
            // An address mail cannot carry is refused here, by its field's name, rather than by Identity as a user name.
            foreach (var argument in context.Arguments.Where(argument => argument?.GetType().Namespace == typeof(LoginRequest).Namespace))
            {
                foreach (var property in argument!.GetType().GetProperties().Where(p => p.Name is "Email" or "NewEmail"))
                {
                    if (EmailAddress.TryParse(property.GetValue(argument) as string, out var address) && !address.IsAscii)
                    {
                        missing.TryAdd(System.Text.Json.JsonNamingPolicy.CamelCase.ConvertName(property.Name), [EmailAddress.NotAsciiRefusal]);
                    }
                }
            }
            return missing.Count > 0 ? TypedResults.ValidationProblem(missing) : await next(context);
        });
        // Identity's /manage endpoints ask for the default policy, which authenticates with the pages' cookie; like the
        // rest of the API they take the bearer token instead.
        auth.MapIdentityApi<OdrUser>().Add(endpoint =>
        {
            if (endpoint is RouteEndpointBuilder { RoutePattern.RawText: { } route } && route.Contains("/manage/", StringComparison.Ordinal))
            {
                endpoint.Metadata.Add(new Microsoft.AspNetCore.Authorization.AuthorizeAttribute { AuthenticationSchemes = IdentityConstants.BearerScheme });
            }
        });
        return app;
    }
}

/// <summary>What the service does around Identity's own account handling.</summary>
public sealed class AccountService(UserManager<OdrUser> users)
{
    /// <summary>A newly registered person is a buyer; neutrals, regulators and admins are appointed, never self-registered.</summary>
    public async Task AssignDefaultRoleAsync(string email)
    {
        if (await users.FindByEmailAsync(email) is { } user && !await users.IsInRoleAsync(user, Roles.Buyer))
        {
            var result = await users.AddToRoleAsync(user, Roles.Buyer);
            if (!result.Succeeded)
            {
                throw new InvalidOperationException($"Could not make {email} a buyer: {string.Join("; ", result.Errors.Select(e => e.Description))}");
            }
        }
    }
}
