using Microsoft.AspNetCore.Identity;
using Odr.Web.Infrastructure.Identity;

namespace Odr.Web.Infrastructure.Localization;

/// <summary>
/// Remembers a person's language: in the culture cookie for this browser and, when signed in, on the account, so that
/// their e-mails follow the same choice. On sign-in, a choice made in this browser wins and is saved; otherwise the
/// account's own choice is applied to the browser.
/// </summary>
public sealed class LanguageChoice(UserManager<OdrUser> users)
{
    public async Task ChooseAsync(HttpContext http, string culture, OdrUser? user)
    {
        http.Response.Cookies.Append(Languages.CookieName, Languages.CookieValue(culture), Languages.CookieOptions());
        var preference = Languages.ToPreference(culture);
        if (user is not null && user.PreferredLanguage != preference)
        {
            user.PreferredLanguage = preference;
            await users.UpdateAsync(user);
        }
    }

    public Task OnSignedInAsync(HttpContext http, OdrUser user) =>
        http.Request.Cookies.TryGetValue(Languages.CookieName, out var cookie)
        && Microsoft.AspNetCore.Localization.CookieRequestCultureProvider.ParseCookieValue(cookie) is { } chosen
        && chosen.UICultures.FirstOrDefault() is { } culture && Languages.Supported.Any(s => s.Name == culture.Value)
            ? ChooseAsync(http, culture.Value!, user)
            : ChooseAsync(http, Languages.FromPreference(user.PreferredLanguage), null);
}
