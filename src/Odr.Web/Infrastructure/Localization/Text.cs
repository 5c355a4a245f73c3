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

/// <summary>
/// One language of the service: its culture (the resource set Text.{culture}.resx and the formats of dates and numbers),
/// the short code an account or a filing stores (<c>en</c>, <c>zh</c>, <c>es</c>), the case language it stands for, and
/// its name in itself (the switcher shows each language in its own words).
/// </summary>
public sealed record Language(string Culture, string Code, CaseLanguage CaseLanguage, string NativeName)
{
    /// <summary>The resource key of its name in the reader's language (<c>language.{code}</c>).</summary>
    public string NameKey => $"language.{Code}";
}

/// <summary>
/// The languages of the service, and how a choice is remembered. A language is a resource set (Text.{culture}.resx) and
/// one entry of <see cref="All"/>: everything that lists languages (the switcher, the account's and the filing's choices,
/// the supported cultures, the neutrals' languages) reads that list.
/// </summary>
public static class Languages
{
    public const string English = "en";
    public const string Chinese = "zh-Hans";
    public const string Spanish = "es";

    /// <summary>Every language of the service; the first is the default (and the neutral resource set).</summary>
    public static readonly IReadOnlyList<Language> All =
    [
        new(English, "en", CaseLanguage.En, "English"),
        new(Chinese, "zh", CaseLanguage.Zh, "简体中文"),
        new(Spanish, "es", CaseLanguage.Es, "Español"),
    ];

    /// <summary>The language a culture is in (<c>zh-CN</c> is Chinese, <c>es-MX</c> Spanish); English for any other.</summary>
    public static Language Of(CultureInfo culture) =>
        All.FirstOrDefault(l => CultureInfo.GetCultureInfo(l.Culture).TwoLetterISOLanguageName == culture.TwoLetterISOLanguageName) ?? All[0];

    /// <summary>The language of the current request or scope.</summary>
    public static Language Current => Of(CultureInfo.CurrentUICulture);

    /// <summary>The language a case is conducted in.</summary>
    public static Language Of(CaseLanguage language) => All.FirstOrDefault(l => l.CaseLanguage == language) ?? All[0];

    /// <summary>The language of a stored code (an account's preference, a filing's <c>language</c>), if it is one.</summary>
    public static Language? FromCode(string? code) =>
        All.FirstOrDefault(l => string.Equals(l.Code, code?.Trim(), StringComparison.OrdinalIgnoreCase));

    /// <summary>
    /// The pseudo-locale of the tests (and of Development): every text of the resource set comes back marked, so a page
    /// that shows text without the marks shows text that did not come through the language layer.
    /// </summary>
    public const string Pseudo = "qps-Ploc";

    /// <summary>
    /// The framework's cached cultures: read-only, one object per name, their number and date formats built once and
    /// read-only too. The localization middleware hands each request <c>CultureInfo.ReadOnly</c> of its supported
    /// culture, which copies one that is not read-only, without the formats it had built: with cultures made by
    /// <c>new CultureInfo</c>, each request built its formats again from ICU (3 % of the case page's processor time in
    /// a profile under load; bench/analysis.md, pages on PostgreSQL). A read-only culture is handed on as it is.
    /// </summary>
    public static readonly CultureInfo[] Supported = [.. All.Select(l => CultureInfo.GetCultureInfo(l.Culture))];

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
    public static string FromCaseLanguage(CaseLanguage language) => Of(language).Culture;

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

    /// <summary>The account's stored preference (<c>en</c>, <c>zh</c>, <c>es</c>) as a culture name.</summary>
    public static string FromPreference(string? preference) => (FromCode(preference) ?? All[0]).Culture;

    public static string ToPreference(string culture) => Of(new CultureInfo(culture)).Code;

    public static CaseLanguage ToCaseLanguage(CultureInfo culture) => Of(culture).CaseLanguage;

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
