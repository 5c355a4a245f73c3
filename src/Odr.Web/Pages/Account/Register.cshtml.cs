using System.Text;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.WebUtilities;
using Odr.Domain.Parties;
using Odr.Web.Features.Accounts;
using Odr.Web.Infrastructure.Identity;

namespace Odr.Web.Pages.Account;

[Microsoft.AspNetCore.RateLimiting.EnableRateLimiting(AccountEndpoints.SignInRateLimit)]
public sealed class RegisterModel(UserManager<OdrUser> users, SignInManager<OdrUser> signIn, AccountService accounts,
    IEmailSender<OdrUser> emailSender, Odr.Web.Infrastructure.Localization.LanguageChoice languageChoice) : PageModel
{
    [BindProperty(SupportsGet = true)]
    public string? ReturnUrl { get; set; }

    [BindProperty]
    public string? DisplayName { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? Email { get; set; }

    [BindProperty]
    public string? Password { get; set; }

    [BindProperty]
    public string? Language { get; set; }

    public void OnGet() => Language ??= Languages.CurrentIsChinese ? "zh" : "en";

    public async Task<IActionResult> OnPostAsync()
    {
        if (!EmailAddress.TryParse(Email, out var email))
        {
            ModelState.AddModelError("email", "Enter a valid e-mail address.");
        }
        else if (!email.IsAscii)
        {
            ModelState.AddModelError("email", EmailAddress.NotAsciiRefusal);
        }
        if (string.IsNullOrEmpty(Password))
        {
            ModelState.AddModelError("password", "Choose a password.");
        }
        if (DisplayName?.Trim().Length > OdrUser.DisplayNameMaxLength)
        {
            ModelState.AddModelError("displayName", $"At most {OdrUser.DisplayNameMaxLength} characters.");
        }
        if (!ModelState.IsValid)
        {
            return Page();
        }

        var user = new OdrUser
        {
            UserName = email.Value,
            Email = email.Value,
            DisplayName = string.IsNullOrWhiteSpace(DisplayName) ? null : DisplayName.Trim(),
            PreferredLanguage = Language == "zh" ? "zh" : "en",
        };
        var result = await users.CreateAsync(user, Password!);
        if (!result.Succeeded)
        {
            foreach (var error in result.Errors)
            {
                ModelState.AddModelError(error.Code.Contains("Password", StringComparison.Ordinal) ? "password" : "email", error.Description);
            }
            return Page();
        }
        await accounts.AssignDefaultRoleAsync(email.Value);
        await SendConfirmationAsync(user);
        await signIn.SignInAsync(user, isPersistent: false);
        await languageChoice.OnSignedInAsync(HttpContext, user);
        TempData["Notice"] = "Your account is ready. We sent you an e-mail: confirm your address to see any complaint filed against it.";
        return LocalRedirect(Url.IsLocalUrl(ReturnUrl) ? ReturnUrl! : "/Cases");
    }

    private async Task SendConfirmationAsync(OdrUser user)
    {
        var token = WebEncoders.Base64UrlEncode(Encoding.UTF8.GetBytes(await users.GenerateEmailConfirmationTokenAsync(user)));
        var link = Url.Page("/Account/ConfirmEmail", null, new { userId = user.Id, code = token }, Request.Scheme)!;
        await emailSender.SendConfirmationLinkAsync(user, user.Email!, HtmlEncoder.Default.Encode(link)); // the sender's contract: HTML-encoded
    }
}
