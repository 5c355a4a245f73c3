using System.Collections.Concurrent;
using System.Globalization;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Localization;
using Microsoft.Extensions.Localization;
using Odr.Domain.Common;
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

public static partial class TextExtensions
{
    private static readonly ConcurrentDictionary<string, IReadOnlyList<(Regex Pattern, string Translation)>> TemplatesByCulture = new();

    /// <summary>
    /// A message in the reader's language. Messages are written in English by the code that refuses something (the
    /// domain's rules, the filing validator); a message with values in it (<c>"At most 200 characters."</c>) is
    /// matched against the resource's templates (<c>"At most {0} characters."</c>) and its values put back.
    /// Unknown messages stay in English rather than disappear.
    /// </summary>
    public static string Message(this IStringLocalizer<Text> t, string english)
    {
        var exact = t[english];
        if (!exact.ResourceNotFound)
        {
            return exact.Value;
        }
        if (!Languages.CurrentIsChinese)
        {
            return english;
        }
        var templates = TemplatesByCulture.GetOrAdd(CultureInfo.CurrentUICulture.Name, _ => Compile(t));
        foreach (var (pattern, translation) in templates)
        {
            if (pattern.Match(english) is { Success: true } match)
            {
                var values = match.Groups.Cast<Group>().Skip(1).Select(g => (object)t[g.Value].Value).ToArray();
                return string.Format(CultureInfo.CurrentCulture, translation, values);
            }
        }
        return english;
    }

    public static string Error(this IStringLocalizer<Text> t, DomainException e) => t.Message(e.Message);

    /// <summary>
    /// The templates, most specific first (the most fixed text): "… at most the amount paid ({0})." must win over
    /// "… at most {0}.", which would otherwise swallow the words into its value.
    /// </summary>
    private static List<(Regex, string)> Compile(IStringLocalizer<Text> t) =>
        t.GetAllStrings(includeParentCultures: false)
            .Where(s => s.Name.Contains("{0}", StringComparison.Ordinal))
            .OrderByDescending(s => Hole().Replace(s.Name, "").Length)
            .Select(s => (new Regex("^" + Hole().Replace(Regex.Escape(s.Name).Replace("\\{", "{", StringComparison.Ordinal), "(.+?)") + "$",
                RegexOptions.CultureInvariant, TimeSpan.FromMilliseconds(50)), s.Value))
            .ToList();

    [GeneratedRegex(@"\{\d+\}")]
    private static partial Regex Hole();
}
