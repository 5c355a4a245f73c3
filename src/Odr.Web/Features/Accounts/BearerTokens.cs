using System.Security.Cryptography;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.BearerToken;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Odr.Web.Features.Chat;
using Odr.Web.Infrastructure;
using Odr.Web.Infrastructure.Identity;

namespace Odr.Web.Features.Accounts;

/// <summary>
/// Identity's bearer tokens, made revocable. Identity's handler trusts a token until it expires; here every request's
/// token is also checked against the account's security stamp (which Identity writes into the token), so signing out,
/// changing or resetting the password and confirming the address end every token made before. A refresh token works
/// once: its exchange is recorded, and a second use (a copy in someone else's hands) ends every session of the account.
/// </summary>
public static class BearerTokens
{
    public static void Configure(BearerTokenOptions options) =>
        options.Events.OnMessageReceived = async context =>
        {
            // The hub's WebSocket can only carry the token in the query string.
            var token = context.Request.Path.StartsWithSegments(DisputeChatHub.Path) && context.Request.Query["access_token"] is { Count: > 0 } query
                ? query.ToString()
                : BearerTokenIn(context.Request);
            if (token is null)
            {
                return;
            }
            var ticket = context.Options.BearerTokenProtector.Unprotect(token);
            var clock = context.HttpContext.RequestServices.GetRequiredService<TimeProvider>();
            if (ticket?.Properties.ExpiresUtc is not { } expires || clock.GetUtcNow() >= expires)
            {
                context.Fail("The token is not valid or has expired.");
                return;
            }
            var signIn = context.HttpContext.RequestServices.GetRequiredService<SignInManager<OdrUser>>();
            if (await signIn.ValidateSecurityStampAsync(ticket.Principal) is null)
            {
                context.Fail("The token was revoked: the account signed out or its password changed.");
                return;
            }
            context.Principal = ticket.Principal;
            context.Properties = ticket.Properties;
            context.Success();
        };

    private static string? BearerTokenIn(HttpRequest request)
    {
        var header = request.Headers.Authorization.ToString();
        return header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) && header.Length > 7 ? header[7..].Trim() : null;
    }
}

/// <summary>Exchanges a refresh token for new tokens, once.</summary>
public sealed class RefreshTokens(SignInManager<OdrUser> signIn, Microsoft.Extensions.Options.IOptionsMonitor<BearerTokenOptions> options,
    OdrDbContext db, TimeProvider clock)
{
    /// <summary>The principal to sign in with new tokens, or none: the token is not valid, expired, revoked or used before.</summary>
    public async Task<System.Security.Claims.ClaimsPrincipal?> ExchangeAsync(string refreshToken, CancellationToken ct)
    {
        var ticket = options.Get(IdentityConstants.BearerScheme).RefreshTokenProtector.Unprotect(refreshToken);
        var now = clock.GetUtcNow();
        if (ticket?.Properties.ExpiresUtc is not { } expires || now >= expires
            || await signIn.ValidateSecurityStampAsync(ticket.Principal) is not { } user)
        {
            return null;
        }
        if (!await RecordUseAsync(refreshToken, expires, now, ct))
        {
            // Used before: two holders of one token, at most one of them its owner. End the whole family (every
            // token of the account) rather than guess which.
            await signIn.UserManager.UpdateSecurityStampAsync(user);
            return null;
        }
        return await signIn.CreateUserPrincipalAsync(user);
    }

    /// <summary>Records the token as exchanged; false if it already was. One statement, so two nodes racing cannot both win.</summary>
    private async Task<bool> RecordUseAsync(string refreshToken, DateTimeOffset expires, DateTimeOffset now, CancellationToken ct)
    {
        // The bytes the token stands for (base64url can spell the same bytes more than one way).
        var id = Convert.ToHexStringLower(SHA256.HashData(Base64UrlTextEncoder.Decode(refreshToken)));
        var expiresAt = expires.UtcDateTime;
        await db.Set<UsedRefreshToken>().Where(t => t.ExpiresAt <= now).ExecuteDeleteAsync(ct);
        var inserted = await db.Database.ExecuteSqlAsync($"""
            INSERT INTO "UsedRefreshTokens" ("Id", "ExpiresAt") VALUES ({id}, {expiresAt})
            ON CONFLICT ("Id") DO NOTHING
            """, ct);
        return inserted == 1;
    }
}
