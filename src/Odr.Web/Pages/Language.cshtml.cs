using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Odr.Web.Infrastructure.Localization;

namespace Odr.Web.Pages;

/// <summary>The language switcher's target: a plain form post (no script needed) that remembers the choice and goes back.</summary>
public sealed class LanguageModel(LanguageChoice choice) : PageModel
{
    public IActionResult OnGet() => NotFound();

    public async Task<IActionResult> OnPostAsync(string? culture, string? returnUrl)
    {
        if (!Languages.Supported.Any(c => c.Name == culture))
        {
            return BadRequest();
        }
        await choice.ChooseAsync(HttpContext, culture!);
        return LocalRedirect(Url.IsLocalUrl(returnUrl) ? returnUrl! : "/");
    }
}
