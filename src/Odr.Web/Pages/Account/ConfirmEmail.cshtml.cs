using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Odr.Web.Features.Accounts;
using Odr.Web.Infrastructure.Identity;

namespace Odr.Web.Pages.Account;

/// <summary>
/// The e-mailed link's page: the mailbox's owner confirms the address and chooses the password here. Opening the link
/// changes nothing (mail scanners open links too); the form does, and signs the owner in.
/// </summary>
[Microsoft.AspNetCore.RateLimiting.EnableRateLimiting(AccountEndpoints.SignInRateLimit)]
public sealed class ConfirmEmailModel(AccountService accounts, SignInManager<OdrUser> signIn) : PageModel
{
    [BindProperty(SupportsGet = true)]
    public Guid UserId { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? Code { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? ChangedEmail { get; set; }

    [BindProperty]
    public string? Password { get; set; }

    /// <summary>The page to open once confirmed: the case whose notice led here.</summary>
    [BindProperty(SupportsGet = true)]
    public string? ReturnUrl { get; set; }

    public bool Confirmed { get; private set; }

    public void OnGet()
    {
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        var (user, errors) = await accounts.ConfirmAsync(UserId, Code, Password, ChangedEmail, ct);
        foreach (var (field, messages) in errors)
        {
            foreach (var message in messages)
            {
                ModelState.AddModelError(field == "password" ? "password" : "", message);
            }
        }
        if (user is null)
        {
            return Page();
        }
        await signIn.SignInAsync(user, isPersistent: false); // the earlier session ended with the new security stamp
        if (Url.IsLocalUrl(ReturnUrl))
        {
            TempData["Notice"] = "Thank you: your address is confirmed.";
            return LocalRedirect(ReturnUrl!);
        }
        Confirmed = true;
        return Page();
    }
}
