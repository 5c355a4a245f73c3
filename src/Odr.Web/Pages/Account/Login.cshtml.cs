using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Odr.Web.Features.Accounts;
using Odr.Web.Infrastructure.Identity;

namespace Odr.Web.Pages.Account;

[Microsoft.AspNetCore.RateLimiting.EnableRateLimiting(AccountEndpoints.SignInRateLimit)]
public sealed class LoginModel(SignInManager<OdrUser> signIn, UserManager<OdrUser> users,
    Odr.Web.Infrastructure.Localization.LanguageChoice languageChoice) : PageModel
{
    [BindProperty(SupportsGet = true)]
    public string? ReturnUrl { get; set; }

    [BindProperty]
    public string? Email { get; set; }

    [BindProperty]
    public string? Password { get; set; }

    public void OnGet()
    {
    }

    public async Task<IActionResult> OnPostAsync()
    {
        if (string.IsNullOrWhiteSpace(Email) || string.IsNullOrEmpty(Password))
        {
            ModelState.AddModelError("", "Enter your e-mail address and password.");
            return Page();
        }
        var result = await signIn.PasswordSignInAsync(Email.Trim(), Password, isPersistent: false, lockoutOnFailure: true);
        if (result.Succeeded)
        {
            if (await users.FindByEmailAsync(Email.Trim()) is { } user)
            {
                await languageChoice.OnSignedInAsync(HttpContext, user);
            }
            return LocalRedirect(Url.IsLocalUrl(ReturnUrl) ? ReturnUrl! : "/Cases");
        }
        ModelState.AddModelError("", result.IsLockedOut
            ? "Too many failed attempts: this account is locked for a few minutes."
            : "The e-mail address or password is not right.");
        return Page();
    }
}
