using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Odr.Web.Infrastructure;
using Odr.Web.Infrastructure.Identity;
using Odr.Web.Infrastructure.Security;

namespace Odr.Web.Features.Accounts;

/// <summary>
/// Sign-in with a password, for the API's tokens and the pages' cookie alike. Every refusal is the same answer after
/// the same work: an unknown address is checked against a decoy hash, a locked one is checked all the same, so neither
/// the answer nor its timing tells whether an account exists or is locked. The lockout counts wrong passwords per
/// account and client address (Identity's lockout numbers, <see cref="SignInFailure"/>): guesses from one place lock
/// that place out, never the owner elsewhere.
/// </summary>
public sealed class PasswordSignIn(SignInManager<OdrUser> signIn, IPasswordHasher<OdrUser> hasher, OdrDbContext db,
    IOptions<IdentityOptions> identity, TimeProvider clock, IHttpContextAccessor http)
{
    private static readonly Lazy<string> DecoyPassword = new(() => Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(24)));
    private static string? _decoyHash;

    /// <summary>Signs the person in with <paramref name="scheme"/> (the bearer token or the cookie) and answers Succeeded, RequiresTwoFactor or Failed.</summary>
    public async Task<SignInResult> SignInAsync(string email, string password, string scheme, bool persistent = false,
        string? twoFactorCode = null, string? recoveryCode = null)
    {
        var user = await signIn.UserManager.FindByEmailAsync(email);
        var account = Cut(signIn.UserManager.NormalizeEmail(email) ?? "", SignInFailure.AccountMaxLength);
        var address = Cut(ClientAddress.Of(http.HttpContext!), SignInFailure.ClientAddressMaxLength);
        if (user is null || await IsLockedOutAsync(account, address))
        {
            _ = hasher.VerifyHashedPassword(user ?? new OdrUser(), user?.PasswordHash ?? DecoyHash(), password);
            if (user is null)
            {
                await RecordFailureAsync(account, address);
            }
            return SignInResult.Failed;
        }

        signIn.AuthenticationScheme = scheme;
        var result = await signIn.PasswordSignInAsync(user, password, persistent, lockoutOnFailure: false);
        if (result.RequiresTwoFactor && !string.IsNullOrEmpty(twoFactorCode))
        {
            result = await signIn.TwoFactorAuthenticatorSignInAsync(twoFactorCode, persistent, rememberClient: persistent);
        }
        else if (result.RequiresTwoFactor && !string.IsNullOrEmpty(recoveryCode))
        {
            result = await signIn.TwoFactorRecoveryCodeSignInAsync(recoveryCode);
        }

        if (result.Succeeded)
        {
            await db.Set<SignInFailure>().Where(f => f.Account == account && f.ClientAddress == address).ExecuteDeleteAsync();
            return result;
        }
        if (result.RequiresTwoFactor)
        {
            return result; // the password was right: the second factor is asked for, as Identity does
        }
        await RecordFailureAsync(account, address);
        return SignInResult.Failed; // Identity's own LockedOut and NotAllowed look like a wrong password too
    }

    private static string Cut(string text, int length) => text.Length <= length ? text : text[..length];

    private string DecoyHash() => _decoyHash ??= hasher.HashPassword(new OdrUser(), DecoyPassword.Value);

    private async Task<bool> IsLockedOutAsync(string account, string address)
    {
        var since = clock.GetUtcNow() - identity.Value.Lockout.DefaultLockoutTimeSpan;
        var failures = await db.Set<SignInFailure>().CountAsync(f => f.Account == account && f.ClientAddress == address && f.At > since);
        return failures >= identity.Value.Lockout.MaxFailedAccessAttempts;
    }

    private async Task RecordFailureAsync(string account, string address)
    {
        var now = clock.GetUtcNow();
        await db.Set<SignInFailure>().Where(f => f.At <= now - identity.Value.Lockout.DefaultLockoutTimeSpan).ExecuteDeleteAsync();
        db.Set<SignInFailure>().Add(new SignInFailure { Id = Guid.NewGuid(), Account = account, ClientAddress = address, At = now });
        await db.SaveChangesAsync();
    }
}
