using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Odr.Web.Infrastructure.Identity;

namespace Odr.Web.Pages.Account;

public sealed class LogoutModel(SignInManager<OdrUser> signIn) : PageModel
{
    public void OnGet()
    {
    }

    public async Task<IActionResult> OnPostAsync()
    {
        // A new security stamp ends every session of the account, a copied cookie or an API token included.
        if (await signIn.UserManager.GetUserAsync(User) is { } user)
        {
            await signIn.UserManager.UpdateSecurityStampAsync(user);
        }
        await signIn.SignOutAsync();
        return LocalRedirect("/");
    }
}
