using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;
using Odr.Web.Infrastructure.Localization;

namespace Odr.Web.Pages.Account;

/// <summary>Language and time zone, for anyone; a signed-in person's language is also kept on the account for e-mails.</summary>
public sealed class PreferencesModel(LanguageChoice choice, ViewerClock clock, IStringLocalizer<Text> t) : PageModel
{
    public static IReadOnlyList<string> Zones { get; } = TimeZoneInfo.GetSystemTimeZones()
        .Select(z => z.Id).Where(id => id.Contains('/', StringComparison.Ordinal) || id == "UTC").Order(StringComparer.Ordinal).ToList();

    [BindProperty]
    public string? Culture { get; set; }

    [BindProperty]
    public string? TimeZone { get; set; }

    public void OnGet()
    {
        Culture = Languages.Current.Culture;
        TimeZone = clock.Zone == TimeZoneInfo.Utc ? "UTC" : clock.Zone.Id;
    }

    public async Task<IActionResult> OnPostAsync()
    {
        if (!Languages.Supported.Any(c => c.Name == Culture))
        {
            ModelState.AddModelError("culture", t["preferences.chooseLanguage"]);
        }
        if (ViewerClock.FindZone(TimeZone) is null)
        {
            ModelState.AddModelError("timeZone", t["Choose a time zone from the list."]);
        }
        if (!ModelState.IsValid)
        {
            return Page();
        }
        await choice.ChooseAsync(HttpContext, Culture!);
        Response.Cookies.Append(ViewerClock.CookieName, TimeZone!, Languages.CookieOptions());
        TempData["Notice"] = "Your preferences are saved."; // in English: the next page shows it in the language just chosen
        return RedirectToPage();
    }
}
