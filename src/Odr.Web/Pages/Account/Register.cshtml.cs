using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Odr.Web.Features.Accounts;
using Odr.Web.Infrastructure.Identity;

namespace Odr.Web.Pages.Account;

[Microsoft.AspNetCore.RateLimiting.EnableRateLimiting(AccountEndpoints.SignInRateLimit)]
public sealed class RegisterModel(SignInManager<OdrUser> signIn, AccountService accounts,
    Odr.Web.Infrastructure.Localization.LanguageChoice languageChoice, Microsoft.Extensions.Localization.IStringLocalizer<Text> t) : PageModel
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

    /// <summary>The address already had an account: its owner was e-mailed, and the page says only that a message went out.</summary>
    public bool MailSent { get; private set; }

    /// <summary>
    /// Registered from a case's notice: the case opens only once the address is confirmed (it proves the mailbox is the
    /// seller's), so the page says so instead of sending the new account to a case it may not see yet.
    /// </summary>
    public bool ConfirmToOpenCase { get; private set; }

    public static bool IsCasePage(string? url) => url?.StartsWith("/Cases/Details/", StringComparison.OrdinalIgnoreCase) == true;

    public void OnGet() => Language ??= Languages.Current.Code;

    public async Task<IActionResult> OnPostAsync()
    {
        if (DisplayName?.Trim().Length > OdrUser.DisplayNameMaxLength)
        {
            ModelState.AddModelError("displayName", t["At most {0} characters.", OdrUser.DisplayNameMaxLength]);
            return Page();
        }
        var registration = await accounts.RegisterAsync(Email, Password, DisplayName, (Languages.FromCode(Language) ?? Languages.Current).Code,
            Url.IsLocalUrl(ReturnUrl) ? ReturnUrl : null);
        foreach (var (field, messages) in registration.Errors)
        {
            foreach (var message in messages)
            {
                ModelState.AddModelError(field, message);
            }
        }
        if (!ModelState.IsValid)
        {
            return Page();
        }
        if (registration.Created is not { } user)
        {
            MailSent = true;
            return Page();
        }
        await signIn.SignInAsync(user, isPersistent: false);
        await languageChoice.OnSignedInAsync(HttpContext, user);
        if (IsCasePage(ReturnUrl))
        {
            ConfirmToOpenCase = true;
            return Page();
        }
        TempData["Notice"] = "account.registered";
        return LocalRedirect(Url.IsLocalUrl(ReturnUrl) ? ReturnUrl! : "/Cases");
    }
}
