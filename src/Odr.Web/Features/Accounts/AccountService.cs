using System.Text;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.WebUtilities;
using Odr.Domain.Parties;
using Odr.Web.Infrastructure;
using Odr.Web.Infrastructure.Identity;

namespace Odr.Web.Features.Accounts;

/// <summary>
/// Registration and address confirmation, for the API and the pages alike. Two rules shape it: a registration never
/// tells whether the address already has an account (the owner is e-mailed instead), and confirming an address is
/// where its owner sets the password, so a password someone else chose before never becomes the owner's.
/// </summary>
public sealed class AccountService(UserManager<OdrUser> users, IPasswordHasher<OdrUser> hasher, OdrDbContext db, PublicUrls urls,
    IdentityEmailSender mail)
{
    public const string InvalidLink = "This confirmation link is not valid or has expired. Register again with the address to get a new one.";

    /// <summary>What a registration did: the errors (field to messages), or the account it created (none for a taken address).</summary>
    public sealed record Registration(Dictionary<string, string[]> Errors, OdrUser? Created);

    /// <summary>
    /// Registers <paramref name="emailText"/> as a buyer, or, when the address already has an account, does the same
    /// work (the password is hashed, one e-mail goes out) and tells only the address's owner: a new confirmation link
    /// if it is unconfirmed, "you already have an account" if confirmed. The caller answers both alike.
    /// </summary>
    public async Task<Registration> RegisterAsync(string? emailText, string? password, string? displayName, string language,
        string? returnUrl = null)
    {
        var errors = new Dictionary<string, string[]>();
        if (!EmailAddress.TryParse(emailText, out var email))
        {
            errors["email"] = ["Enter a valid e-mail address."];
        }
        else if (!email.IsAscii)
        {
            errors["email"] = [EmailAddress.NotAsciiRefusal];
        }
        var candidate = new OdrUser
        {
            UserName = email.Value,
            Email = email.Value,
            DisplayName = string.IsNullOrWhiteSpace(displayName) ? null : displayName.Trim(),
            PreferredLanguage = (Languages.FromCode(language) ?? Languages.All[0]).Code,
        };
        if (await PasswordErrorsAsync(candidate, password) is { Length: > 0 } weak)
        {
            errors["password"] = weak;
        }
        if (errors.Count > 0)
        {
            return new Registration(errors, null);
        }

        if (await users.FindByEmailAsync(email.Value) is not { } existing)
        {
            var created = await users.CreateAsync(candidate, password!);
            if (created.Succeeded)
            {
                await AssignDefaultRoleAsync(candidate);
                await SendConfirmationAsync(candidate, changedEmail: null, returnUrl);
                return new Registration(errors, candidate);
            }
            if (!created.Errors.Any(e => e.Code is nameof(IdentityErrorDescriber.DuplicateEmail) or nameof(IdentityErrorDescriber.DuplicateUserName)))
            {
                return new Registration(new() { ["email"] = created.Errors.Select(e => e.Description).ToArray() }, null);
            }
            existing = await users.FindByEmailAsync(email.Value); // registered a moment ago by another request
            if (existing is null)
            {
                return new Registration(new() { ["email"] = created.Errors.Select(e => e.Description).ToArray() }, null);
            }
        }
        // The hashing a new account costs, so that the answer's timing does not tell the address is taken either.
        _ = hasher.HashPassword(existing, password!);
        if (existing.EmailConfirmed)
        {
            await mail.SendAlreadyRegisteredAsync(existing.Email!, HtmlEncoder.Default.Encode(urls.SignIn()));
        }
        else
        {
            await SendConfirmationAsync(existing, changedEmail: null, returnUrl);
        }
        return new Registration(errors, null);
    }

    /// <summary>A newly registered person is a buyer; neutrals, regulators and admins are appointed, never self-registered.</summary>
    public async Task AssignDefaultRoleAsync(OdrUser user)
    {
        if (!await users.IsInRoleAsync(user, Roles.Buyer))
        {
            var result = await users.AddToRoleAsync(user, Roles.Buyer);
            if (!result.Succeeded)
            {
                throw new InvalidOperationException($"Could not make {user.Email} a buyer: {string.Join("; ", result.Errors.Select(e => e.Description))}");
            }
        }
    }

    /// <summary>E-mails the link that confirms the account's address, or <paramref name="changedEmail"/> as its new one, to that address.</summary>
    public async Task SendConfirmationAsync(OdrUser user, string? changedEmail, string? returnUrl = null)
    {
        var token = changedEmail is null
            ? await users.GenerateEmailConfirmationTokenAsync(user)
            : await users.GenerateChangeEmailTokenAsync(user, changedEmail);
        var link = urls.ConfirmEmail(user.Id, WebEncoders.Base64UrlEncode(Encoding.UTF8.GetBytes(token)), changedEmail, returnUrl);
        await mail.SendConfirmationLinkAsync(user, changedEmail ?? user.Email!, HtmlEncoder.Default.Encode(link));
    }

    /// <summary>
    /// Confirms the address (or the change to <paramref name="changedEmail"/>) with the e-mailed code, and sets the
    /// password the mailbox's owner chose. One transaction: the address is never confirmed while the earlier password
    /// still opens the account. The security stamp changes, so every session and token made before ends.
    /// </summary>
    public async Task<(OdrUser? User, Dictionary<string, string[]> Errors)> ConfirmAsync(Guid userId, string? code, string? password,
        string? changedEmail, CancellationToken ct)
    {
        var errors = new Dictionary<string, string[]>();
        var user = await users.FindByIdAsync(userId.ToString());
        var token = Decode(code);
        if (user is null || token is null)
        {
            errors["code"] = [InvalidLink];
        }
        if (await PasswordErrorsAsync(user ?? new OdrUser(), password) is { Length: > 0 } weak)
        {
            errors["password"] = weak;
        }
        if (errors.Count > 0)
        {
            return (null, errors);
        }

        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        var confirmed = changedEmail is null
            ? await users.ConfirmEmailAsync(user!, token!)
            : await ChangeEmailAsync(user!, changedEmail, token!);
        if (!confirmed.Succeeded)
        {
            errors[confirmed.Errors.Any(e => e.Code is nameof(IdentityErrorDescriber.DuplicateEmail)) ? "changedEmail" : "code"] =
                confirmed.Errors.Any(e => e.Code is nameof(IdentityErrorDescriber.InvalidToken)) ? [InvalidLink] : confirmed.Errors.Select(e => e.Description).ToArray();
            return (null, errors);
        }
        Require(await users.RemovePasswordAsync(user!));
        Require(await users.AddPasswordAsync(user!, password!));
        await transaction.CommitAsync(ct);
        return (user, errors);
    }

    /// <summary>The password rules' complaints about <paramref name="password"/> (none: it will do).</summary>
    private async Task<string[]> PasswordErrorsAsync(OdrUser user, string? password)
    {
        if (string.IsNullOrEmpty(password))
        {
            return ["Choose a password."];
        }
        var complaints = new List<string>();
        foreach (var validator in users.PasswordValidators)
        {
            complaints.AddRange((await validator.ValidateAsync(users, user, password)).Errors.Select(e => e.Description));
        }
        return [.. complaints];
    }

    private async Task<IdentityResult> ChangeEmailAsync(OdrUser user, string changedEmail, string token)
    {
        var changed = await users.ChangeEmailAsync(user, changedEmail, token);
        // The address is also the user name (sign-in and registration look accounts up by it).
        return changed.Succeeded ? await users.SetUserNameAsync(user, changedEmail) : changed;
    }

    private static string? Decode(string? code)
    {
        try
        {
            return code is null ? null : Encoding.UTF8.GetString(WebEncoders.Base64UrlDecode(code));
        }
        catch (FormatException)
        {
            return null;
        }
    }

    private static void Require(IdentityResult result)
    {
        if (!result.Succeeded)
        {
            throw new InvalidOperationException(string.Join("; ", result.Errors.Select(e => e.Description)));
        }
    }
}
