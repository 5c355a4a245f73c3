using System.Security.Claims;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
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
/// <remarks>
/// The account and its role names are read in one statement, not the framework's two (the account, then its roles):
/// each is a round trip on every page, and under load on PostgreSQL a round trip is what a page waits for most
/// (bench/analysis.md, pages on PostgreSQL). The account is tracked as the framework's read tracks it, so the page's own
/// look-up of the signed-in account finds it without a statement. The read goes to the context, not through the
/// user store or <c>SignInManager.ValidateSecurityStampAsync(principal)</c>: a custom store or sign-in manager would
/// have to be followed here too.
/// </remarks>
public sealed class CookieStampValidator(IOptions<SecurityStampValidatorOptions> options, SignInManager<OdrUser> signIn, ILoggerFactory loggers,
    OdrDbContext db) : SecurityStampValidator<OdrUser>(options, signIn, loggers)
{
    /// <summary>The role names read with the account by <see cref="VerifySecurityStamp"/>; one validator serves one request.</summary>
    private IReadOnlyCollection<string> _roles = [];

    protected override async Task<OdrUser?> VerifySecurityStamp(ClaimsPrincipal? principal)
    {
        if (!Guid.TryParse(principal is null ? null : SignInManager.UserManager.GetUserId(principal), out var id))
        {
            return null;
        }
        var found = await db.Users
            .Where(u => u.Id == id)
            .Select(u => new
            {
                Account = u,
                // Filtered by the id inside as well as joined: SQLite otherwise builds the join's right side from every
                // account's roles first, on every request (CasePageStatementTests.TheCookieCheck_ReadsOnlyTheAccountsOwnRoles).
                Roles = db.UserRoles.Where(r => r.UserId == id && r.UserId == u.Id).Join(db.Roles, r => r.RoleId, role => role.Id, (_, role) => role.Name!).ToList(),
            })
            .SingleOrDefaultAsync();
        if (found is null || !await SignInManager.ValidateSecurityStampAsync(found.Account,
                principal!.FindFirstValue(SignInManager.Options.ClaimsIdentity.SecurityStampClaimType)))
        {
            return null;
        }
        _roles = found.Roles;
        return found.Account;
    }

    protected override async Task SecurityStampVerified(OdrUser user, CookieValidatePrincipalContext context)
    {
        var roleClaim = SignInManager.Options.ClaimsIdentity.RoleClaimType;
        var held = context.Principal?.FindAll(roleClaim).Select(c => c.Value).ToHashSet(StringComparer.Ordinal) ?? [];
        if (held.SetEquals(_roles))
        {
            return;
        }
        await base.SecurityStampVerified(user, context);
    }
}
