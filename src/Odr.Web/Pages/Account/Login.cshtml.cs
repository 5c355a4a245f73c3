using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Odr.Web.Features.Accounts;
using Odr.Web.Infrastructure.Identity;

namespace Odr.Web.Pages.Account;

[Microsoft.AspNetCore.RateLimiting.EnableRateLimiting(AccountEndpoints.SignInRateLimit)]
public sealed class LoginModel(PasswordSignIn passwords, UserManager<OdrUser> users,
    Odr.Web.Infrastructure.Localization.LanguageChoice languageChoice) : PageModel
{
    public const string WrongPassword = "The e-mail address or password is not right. After 5 wrong tries, sign-in from here waits 5 minutes.";

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
        var result = await passwords.SignInAsync(Email.Trim(), Password, IdentityConstants.ApplicationScheme);
        if (result.Succeeded)
        {
            if (await users.FindByEmailAsync(Email.Trim()) is { } user)
            {
                await languageChoice.OnSignedInAsync(HttpContext, user);
            }
            return LocalRedirect(Url.IsLocalUrl(ReturnUrl) ? ReturnUrl! : "/Cases");
        }
        // One answer for a wrong password, an unknown address and a lockout, so none of them tells an account exists.
        ModelState.AddModelError("", WrongPassword);
        return Page();
    }
}
