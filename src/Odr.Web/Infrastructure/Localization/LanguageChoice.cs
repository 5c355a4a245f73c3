using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Localization;
using Odr.Web.Infrastructure.Identity;

namespace Odr.Web.Infrastructure.Localization;

/// <summary>
/// Remembers a person's language: in the culture cookie for this browser and, when signed in, on the account, so that
/// their e-mails follow the same choice. On sign-in, a choice made in this browser wins and is saved; otherwise the
/// account's own choice is applied to the browser.
/// </summary>
public sealed class LanguageChoice(UserManager<OdrUser> users)
{
    /// <summary>The switcher's and the preferences page's choice: this browser, and the signed-in account if any.</summary>
    public async Task ChooseAsync(HttpContext http, string culture)
    {
        Remember(http, culture);
        if (http.User.Identity?.IsAuthenticated == true && await users.GetUserAsync(http.User) is { } user)
        {
            await SaveOnAccountAsync(user, culture);
        }
    }

    /// <summary>Just signed in (or registered) as <paramref name="user"/>: the browser and the account agree afterwards.</summary>
    public async Task OnSignedInAsync(HttpContext http, OdrUser user)
    {
        if (ChosenInBrowser(http) is { } culture)
        {
            await SaveOnAccountAsync(user, culture);
        }
        else
        {
            Remember(http, Languages.FromPreference(user.PreferredLanguage));
        }
    }

    private static void Remember(HttpContext http, string culture) =>
        http.Response.Cookies.Append(Languages.CookieName, Languages.CookieValue(culture), Languages.CookieOptions());

    private static string? ChosenInBrowser(HttpContext http) =>
        http.Request.Cookies.TryGetValue(Languages.CookieName, out var cookie)
        && CookieRequestCultureProvider.ParseCookieValue(cookie)?.UICultures.FirstOrDefault().Value is { } culture
        && Languages.Supported.Any(s => s.Name == culture)
            ? culture
            : null;

    private async Task SaveOnAccountAsync(OdrUser user, string culture)
    {
        var preference = Languages.ToPreference(culture);
        if (user.PreferredLanguage != preference)
        {
            user.PreferredLanguage = preference;
            await users.UpdateAsync(user);
        }
    }
}
