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

/// <summary>The languages of the service, and how a choice is remembered. A language is a resource set: Text.{culture}.resx.</summary>
public static class Languages
{
    public const string English = "en";
    public const string Chinese = "zh-Hans";

    /// <summary>
    /// The pseudo-locale of the tests (and of Development): every text of the resource set comes back marked, so a page
    /// that shows text without the marks shows text that did not come through the language layer.
    /// </summary>
    public const string Pseudo = "qps-Ploc";

    public static readonly CultureInfo[] Supported = [new(English), new(Chinese)];

    public static bool IsPseudo(CultureInfo culture) => culture.Name.Equals(Pseudo, StringComparison.OrdinalIgnoreCase);

    public static bool IsEnglish(CultureInfo culture) => culture.TwoLetterISOLanguageName == "en" || culture.Name.Length == 0;

    /// <summary>
    /// Whether an e-mail's subject or a document's labels carry the English beside the reader's language: in every
    /// language but English, and not in the pseudo-locale (whose texts are English already, marked).
    /// </summary>
    public static bool WantsEnglishBeside(CultureInfo culture) => !IsEnglish(culture) && !IsPseudo(culture);

    /// <summary>The <c>lang</c> attribute of a page or an e-mail in this culture.</summary>
    public static string HtmlLanguage(CultureInfo culture) => IsPseudo(culture) ? "en" : culture.Name;

    /// <summary>
    /// Runs what follows in <paramref name="culture"/> (texts and formats) until disposed: an e-mail or a document is
    /// written in its reader's language whatever the request or background job it is composed in.
    /// </summary>
    public static IDisposable Use(string culture) => new CultureScope(CultureInfo.GetCultureInfo(culture));

    /// <summary>The culture a case's language stands for (documents and the notices of people without an account).</summary>
    public static string FromCaseLanguage(CaseLanguage language) => language == CaseLanguage.Zh ? Chinese : English;

    private sealed class CultureScope : IDisposable
    {
        private readonly CultureInfo _culture = CultureInfo.CurrentCulture;
        private readonly CultureInfo _uiCulture = CultureInfo.CurrentUICulture;

        public CultureScope(CultureInfo culture)
        {
            CultureInfo.CurrentCulture = culture;
            CultureInfo.CurrentUICulture = culture;
        }

        public void Dispose()
        {
            CultureInfo.CurrentCulture = _culture;
            CultureInfo.CurrentUICulture = _uiCulture;
        }
    }

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
