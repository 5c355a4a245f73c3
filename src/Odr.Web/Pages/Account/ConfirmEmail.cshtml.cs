using System.Text;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.WebUtilities;
using Odr.Web.Infrastructure.Identity;

namespace Odr.Web.Pages.Account;

public sealed class ConfirmEmailModel(UserManager<OdrUser> users, SignInManager<OdrUser> signIn) : PageModel
{
    public bool Confirmed { get; private set; }

    public async Task OnGetAsync(Guid userId, string? code)
    {
        if (code is null || await users.FindByIdAsync(userId.ToString()) is not { } user)
        {
            return;
        }
        string token;
        try
        {
            token = Encoding.UTF8.GetString(WebEncoders.Base64UrlDecode(code));
        }
        catch (FormatException)
        {
            return;
        }
        Confirmed = (await users.ConfirmEmailAsync(user, token)).Succeeded;
        if (Confirmed && User.Identity?.IsAuthenticated == true)
        {
            await signIn.RefreshSignInAsync(user);
        }
    }
}
