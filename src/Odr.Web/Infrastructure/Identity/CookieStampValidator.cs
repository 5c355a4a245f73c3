using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;

namespace Odr.Web.Infrastructure.Identity;

/// <summary>
/// The framework's security stamp check on every cookie request (a changed stamp still ends the session), without what
/// it does after a stamp that matches: build the principal again from the account's roles, claims and roles' claims and
/// write the cookie anew. Two of those reads, the encryption and a <c>Set-Cookie</c> on every page were most of the
/// stamp check's fifth of the case page's processor time (bench/analysis.md, pages on PostgreSQL). The account's roles
/// are still read, so a role given since sign-in (a new mediator) reaches the session at once: only then is the
/// principal rebuilt. The service gives accounts no other claims.
/// </summary>
public sealed class CookieStampValidator(IOptions<SecurityStampValidatorOptions> options, SignInManager<OdrUser> signIn, ILoggerFactory loggers)
    : SecurityStampValidator<OdrUser>(options, signIn, loggers)
{
    protected override async Task SecurityStampVerified(OdrUser user, CookieValidatePrincipalContext context)
    {
        var roles = await SignInManager.UserManager.GetRolesAsync(user);
        var roleClaim = SignInManager.Options.ClaimsIdentity.RoleClaimType;
        var held = context.Principal?.FindAll(roleClaim).Select(c => c.Value).ToHashSet(StringComparer.Ordinal) ?? [];
        if (held.SetEquals(roles))
        {
            return;
        }
        await base.SecurityStampVerified(user, context);
    }
}
