using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Identity.Data;
using Microsoft.Extensions.Primitives;
using Odr.Domain.Parties;
using Odr.Web.Features.Disputes;
using Odr.Web.Infrastructure.Identity;

namespace Odr.Web.Features.Accounts;

/// <summary>Confirms an address with the code e-mailed to it and sets the password its owner chose.</summary>
public sealed record ConfirmEmailRequest(Guid? UserId, string? Code, string? Password, string? ChangedEmail);

public static class AccountEndpoints
{
    /// <summary>The rate limit on what is posted to the account endpoints and forms (sign-in, registration, resets).</summary>
    public const string SignInRateLimit = "sign-in";

    private static readonly string[] RequiredMessage = ["This field is required."];

    /// <summary>
    /// The account API under <c>/api/auth</c>, in the shape of ASP.NET Core Identity's API endpoints. Identity's own
    /// serve what needs no change (forgotPassword, resetPassword, manage/2fa, reading manage/info); the service's
    /// replace those that e-mail links, confirm addresses or issue tokens (registration, sign-in, refresh, sign-out,
    /// confirmation, a change of address), which Identity builds from the request's Host or answers in ways that
    /// tell whether an account exists.
    /// </summary>
    public static IEndpointRouteBuilder MapAccounts(this IEndpointRouteBuilder app)
    {
        var auth = app.MapGroup("/api/auth").WithTags("Accounts").RequireRateLimiting(SignInRateLimit);
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
            return missing.Count > 0 ? TypedResults.ValidationProblem(missing) : await next(context);
        });

        IdentityApiSubset.Map(auth, kept: ["POST /forgotPassword", "POST /resetPassword", "POST /manage/2fa", "GET /manage/info"]);

        auth.MapPost("/register", async Task<Results<Ok, ValidationProblem>> (RegisterRequest registration, AccountService accounts) =>
        {
            var outcome = await accounts.RegisterAsync(registration.Email, registration.Password, displayName: null, language: "en");
            return outcome.Errors.Count > 0 ? TypedResults.ValidationProblem(outcome.Errors) : TypedResults.Ok();
        });

        auth.MapPost("/login", async Task<Results<EmptyHttpResult, ProblemHttpResult>> (LoginRequest login, PasswordSignIn passwords) =>
        {
            var result = await passwords.SignInAsync(login.Email, login.Password, IdentityConstants.BearerScheme,
                twoFactorCode: login.TwoFactorCode, recoveryCode: login.TwoFactorRecoveryCode);
            // On success the bearer handler has written the tokens as the answer.
            return result.Succeeded ? TypedResults.Empty : TypedResults.Problem(result.ToString(), statusCode: StatusCodes.Status401Unauthorized);
        });

        // Refreshing and signing out guess nothing: they do not count against the sign-in limit.
        auth.MapPost("/refresh", async Task<Results<SignInHttpResult, UnauthorizedHttpResult>> (RefreshRequest refresh, RefreshTokens tokens,
            CancellationToken ct) => await tokens.ExchangeAsync(refresh.RefreshToken, ct) is { } principal
                ? TypedResults.SignIn(principal, authenticationScheme: IdentityConstants.BearerScheme)
                : TypedResults.Unauthorized())
            .DisableRateLimiting();

        auth.MapPost("/logout", async Task<NoContent> (ClaimsPrincipal principal, UserManager<OdrUser> users) =>
        {
            // A new security stamp: this token, its refresh token and every other session of the account end.
            if (await users.GetUserAsync(principal) is { } user)
            {
                await users.UpdateSecurityStampAsync(user);
            }
            return TypedResults.NoContent();
        })
            .RequireAuthorization(ApiAuthorization.Authenticated)
            .DisableRateLimiting();

        auth.MapPost("/confirmEmail", async Task<Results<Ok, ValidationProblem>> (ConfirmEmailRequest confirmation, AccountService accounts,
            CancellationToken ct) =>
        {
            if (confirmation.UserId is not { } userId)
            {
                return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["userId"] = RequiredMessage });
            }
            var (_, errors) = await accounts.ConfirmAsync(userId, confirmation.Code, confirmation.Password, confirmation.ChangedEmail, ct);
            return errors.Count > 0 ? TypedResults.ValidationProblem(errors) : TypedResults.Ok();
        });

        auth.MapPost("/resendConfirmationEmail", async Task<Ok> (ResendConfirmationEmailRequest resend, UserManager<OdrUser> users,
            AccountService accounts) =>
        {
            if (await users.FindByEmailAsync(resend.Email) is { EmailConfirmed: false } user)
            {
                await accounts.SendConfirmationAsync(user, changedEmail: null);
            }
            return TypedResults.Ok(); // the same answer whether or not the address has an account
        });

        auth.MapPost("/manage/info", async Task<Results<Ok<InfoResponse>, ValidationProblem, NotFound>> (InfoRequest info, ClaimsPrincipal principal,
            UserManager<OdrUser> users, AccountService accounts) =>
        {
            if (await users.GetUserAsync(principal) is not { } user)
            {
                return TypedResults.NotFound();
            }
            if (!string.IsNullOrEmpty(info.NewPassword))
            {
                if (string.IsNullOrEmpty(info.OldPassword))
                {
                    return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["oldPassword"] = ["The current password is required to set a new one."] });
                }
                // Changing the password changes the security stamp: every token made before, this one included, ends.
                var changed = await users.ChangePasswordAsync(user, info.OldPassword, info.NewPassword);
                if (!changed.Succeeded)
                {
                    return TypedResults.ValidationProblem(new Dictionary<string, string[]>
                    {
                        [changed.Errors.Any(e => e.Code == nameof(IdentityErrorDescriber.PasswordMismatch)) ? "oldPassword" : "newPassword"] =
                            changed.Errors.Select(e => e.Description).ToArray(),
                    });
                }
            }
            if (!string.IsNullOrEmpty(info.NewEmail))
            {
                if (!EmailAddress.TryParse(info.NewEmail, out var newEmail))
                {
                    return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["newEmail"] = ["Enter a valid e-mail address."] });
                }
                if (!newEmail.IsAscii)
                {
                    return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["newEmail"] = [EmailAddress.NotAsciiRefusal] });
                }
                if (!string.Equals(newEmail.Value, user.Email, StringComparison.OrdinalIgnoreCase))
                {
                    await accounts.SendConfirmationAsync(user, newEmail.Value); // the address changes once its owner confirms
                }
            }
            return TypedResults.Ok(new InfoResponse { Email = user.Email!, IsEmailConfirmed = user.EmailConfirmed });
        })
            .RequireAuthorization(ApiAuthorization.Authenticated);
        return app;
    }
}

/// <summary>
/// Some of Identity's API endpoints (<c>MapIdentityApi</c>), the others left out: Identity maps all of them or none.
/// They are mapped on a builder of their own, whose endpoints reach the group through a filter.
/// </summary>
internal static class IdentityApiSubset
{
    public static void Map(RouteGroupBuilder group, IReadOnlyCollection<string> kept)
    {
        var identity = new DetachedRouteBuilder(group);
        identity.MapIdentityApi<OdrUser>().Add(endpoint =>
        {
            // Identity's /manage endpoints ask for the default policy, which authenticates with the pages' cookie;
            // like the rest of the API they take the bearer token instead.
            if (endpoint is RouteEndpointBuilder { RoutePattern.RawText: { } route } && route.Contains("/manage/", StringComparison.Ordinal))
            {
                endpoint.Metadata.Add(new Microsoft.AspNetCore.Authorization.AuthorizeAttribute { AuthenticationSchemes = IdentityConstants.BearerScheme });
            }
        });
        ((IEndpointRouteBuilder)group).DataSources.Add(new FilteredEndpointDataSource(identity.DataSources.Single(), endpoint =>
            endpoint is RouteEndpoint { RoutePattern.RawText: { } route }
            && endpoint.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods is { } methods
            && kept.Any(k => k.Split(' ') is [var method, var path] && methods.Contains(method) && route.EndsWith(path, StringComparison.Ordinal))));
    }

    private sealed class DetachedRouteBuilder(IEndpointRouteBuilder parent) : IEndpointRouteBuilder
    {
        public IServiceProvider ServiceProvider => parent.ServiceProvider;

        public ICollection<EndpointDataSource> DataSources { get; } = [];

        public IApplicationBuilder CreateApplicationBuilder() => parent.CreateApplicationBuilder();
    }

    private sealed class FilteredEndpointDataSource(EndpointDataSource inner, Func<Endpoint, bool> keep) : EndpointDataSource
    {
        public override IReadOnlyList<Endpoint> Endpoints => inner.Endpoints.Where(keep).ToList();

        public override IReadOnlyList<Endpoint> GetGroupedEndpoints(RouteGroupContext context) =>
            inner.GetGroupedEndpoints(context).Where(keep).ToList();

        public override IChangeToken GetChangeToken() => inner.GetChangeToken();
    }
}
