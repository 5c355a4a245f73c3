using System.Globalization;
using Microsoft.AspNetCore.Localization;
using Microsoft.Extensions.Localization;
using Odr.Domain.Disputes;

// The one shared text resource of the pages: Resources/Text.zh-Hans.resx. Keys are the English text itself, so an
// English page needs no resource file and a missing translation shows English rather than a key.
#pragma warning disable IDE0130 // the marker type sits at the root namespace so that its resource is Resources/Text.*.resx
namespace Odr.Web;
#pragma warning restore IDE0130

/// <summary>Marker type of the pages' shared text resource.</summary>
public sealed class Text;

/// <summary>The two languages of the service, and how a choice is remembered.</summary>
public static class Languages
{
    public const string English = "en";
    public const string Chinese = "zh-Hans";

    public static readonly CultureInfo[] Supported = [new(English), new(Chinese)];

    /// <summary>The cookie that remembers the switcher's choice (ASP.NET Core's own culture cookie).</summary>
    public static string CookieName => CookieRequestCultureProvider.DefaultCookieName;

    public static bool IsChinese(CultureInfo culture) => culture.Name.StartsWith("zh", StringComparison.OrdinalIgnoreCase);

    public static bool CurrentIsChinese => IsChinese(CultureInfo.CurrentUICulture);

    /// <summary>The account's stored preference (<c>en</c>/<c>zh</c>) as a culture name.</summary>
    public static string FromPreference(string? preference) => preference == "zh" ? Chinese : English;

    public static string ToPreference(string culture) => IsChinese(new CultureInfo(culture)) ? "zh" : "en";

    public static CaseLanguage ToCaseLanguage(CultureInfo culture) => IsChinese(culture) ? CaseLanguage.Zh : CaseLanguage.En;

    public static string CookieValue(string culture) => CookieRequestCultureProvider.MakeCookieValue(new RequestCulture(culture));

    public static CookieOptions CookieOptions() => new()
    {
        Expires = DateTimeOffset.UtcNow.AddYears(1),
        IsEssential = true,
        SameSite = SameSiteMode.Lax,
        HttpOnly = false,
        Path = "/",
    };
}

public static class TextExtensions
{
    /// <summary>
    /// A fixed message in the reader's language: the resource entry whose key is <paramref name="english"/>, or the
    /// English itself. Messages with values in them are never looked up this way: they are rendered from their code or
    /// template and arguments where they arise (<see cref="RefusalText"/>, <c>ValidationErrors</c>).
    /// </summary>
    public static string Message(this IStringLocalizer<Text> t, string english) => t[english].Value;
}
