using System.Globalization;
using System.Net;
using System.Text.RegularExpressions;

namespace Odr.Web.Tests;

/// <summary>
/// What of a page, an e-mail or a document did not come through the language layer: its visible text (tags, scripts,
/// styles and attributes nobody reads taken out; the visible attributes kept) outside the pseudo-locale's marks, less
/// data. Data is allowed by value (what people and the seeds wrote: <see cref="PseudoLocaleSite.Data"/>) or by the
/// short list of patterns in <see cref="Data"/>; any other run of letters is a text that bypassed the layer.
/// </summary>
public static partial class PseudoText
{
    /// <summary>The lines of an HTML page or e-mail with words outside the marks.</summary>
    public static List<string> Unmarked(string html, IReadOnlyList<string> data)
    {
        var title = Title().Match(html) is { Success: true } t ? t.Groups[1].Value : "";
        var body = html[Math.Max(0, html.IndexOf("<body", StringComparison.Ordinal))..];
        body = Hidden().Replace(body, " ");
        // What a reader sees of attributes: tooltips, placeholders, names read aloud, image texts, button captions.
        var attributes = VisibleAttribute().Matches(body).Select(m => m.Groups[2].Value)
            .Concat(ButtonValue().Matches(body).Select(m => m.Groups[1].Value));
        var text = WebUtility.HtmlDecode(string.Join("\n", [title, .. attributes, Tag().Replace(body, "\n")]));
        return UnmarkedText(text, data);
    }

    /// <summary>A value as it is left once links are taken out of a text (a sender "Name &lt;address&gt;" keeps its name).</summary>
    public static string WithoutLinks(string value) => Links().Replace(value, " ");

    /// <summary>The lines of a plain text (an e-mail's text part, a subject, a document's text) with words outside the marks.</summary>
    public static List<string> UnmarkedText(string text, IReadOnlyList<string> data)
    {
        while (Marked().IsMatch(text))
        {
            text = Marked().Replace(text, " ");
        }
        // Links and addresses first: a name in them (a case id, a demo address) is removed with the whole.
        text = Links().Replace(text, " ");
        text = Tokens().Replace(text, " ");
        foreach (var value in data)
        {
            text = text.Replace(value, " ", StringComparison.Ordinal);
        }
        var calendar = CultureInfo.GetCultureInfo(PseudoLocaleSite.Pseudo).DateTimeFormat;
        return text.Split('\n')
            .Select(line => Data().Replace(line, " "))
            .Select(line => Words().Replace(line, w => calendar.MonthNames.Concat(calendar.AbbreviatedMonthNames).Concat(calendar.DayNames)
                .Concat(calendar.AbbreviatedDayNames).Contains(w.Value, StringComparer.Ordinal) ? " " : w.Value).Trim())
            .Where(line => Word().IsMatch(line))
            .Distinct().ToList();
    }

    [GeneratedRegex("<title>(.*?)</title>", RegexOptions.Singleline)]
    private static partial Regex Title();

    // Not shown as text: code, styles, drawings, comments; what people typed into a form (a textarea's content is theirs),
    // JSON shown as it is (<pre>: webhook payloads) and code (<code>: a formula, a field name).
    [GeneratedRegex(@"<(script|style|svg|textarea|pre|code|template)\b.*?</\1>|<!--.*?-->", RegexOptions.Singleline)]
    private static partial Regex Hidden();

    // data-label: a table cell's heading, shown beside the value on narrow screens (site.css).
    [GeneratedRegex(@"\s(placeholder|title|aria-label|alt|data-label)=""([^""]*)""")]
    private static partial Regex VisibleAttribute();

    [GeneratedRegex(@"<input\b(?=[^>]*\btype=""(?:submit|button|reset)"")[^>]*\bvalue=""([^""]*)""")]
    private static partial Regex ButtonValue();

    [GeneratedRegex("<[^>]*>")]
    private static partial Regex Tag();

    // Marks nest (a label inside a sentence); remove the innermost first until none is left.
    [GeneratedRegex("⟦[^⟦⟧]*⟧")]
    private static partial Regex Marked();

    // Data shown as it is, each kind explained:
    //   ODR-2026-12          case numbers            B-0123456789AB  pseudonyms (regulator: buyers, sellers, neutrals)
    //   0a1b… (12+ hex)      hashes (whole or cut), ids            ABCD-EF12-…     verification codes
    //   Odr:Deadlines:…      configuration keys (the admin page shows the settings by their names)
    //   DE, US-CA, EUR       ISO country, subdivision and currency codes (2-3 capitals), as data beside amounts and laws
    //   digits, punctuation  amounts, dates, times   http(s)://…, x@y  links and e-mail addresses
    //   ODR                  the service's brand     UTC, SHA-256    the time zone and hash algorithm names
    //   KB, MB               size units (symbols)    application/pdf, image/png, text/plain  file types
    //   UNIDROIT-PICC, CISG  names of legal instruments used as law codes
    [GeneratedRegex(@"ODR-\d{4}-\d+|[PBSMAN]-[0-9A-F]{10}|[0-9a-fA-F-]{16,}|\b[0-9a-f]{12,}\b|\bOdr(:\w+)+|[A-Z0-9]{4}(-[A-Z0-9]{4})+|https?://\S+|[\w.+-]+@[\w.-]+|\bODR\b|\bUTC\b|SHA-256|\bKB\b|\bMB\b|(application|image|text)/[\w.+-]+|UNIDROIT-PICC|\bCISG\b|\b[A-Z]{2,3}(-[A-Z0-9]{1,4})?\b|[\d.,:;%()+\-–—/·|#×*…]+")]
    private static partial Regex Data();

    // Links, e-mail addresses and domain names (the shared e-mail domains the admin page lists).
    [GeneratedRegex(@"https?://\S+|[\w.+-]+@[\w-]+(\.[\w-]+)+|\b[a-z0-9-]+(\.[a-z0-9-]+)*\.[a-z]{2,}\b")]
    private static partial Regex Links();

    // Whole tokens taken out before the values, so that a short value (a country code) cannot cut one apart: case numbers,
    // pseudonyms, hashes and ids, verification codes.
    [GeneratedRegex(@"ODR-\d{4}-\d+|\b[PBSMAN]-[0-9A-F]{10}\b|[0-9a-fA-F-]{16,}|\b[0-9a-f]{12,}\b|\b[A-Z0-9]{4}(-[A-Z0-9]{4})+\b")]
    private static partial Regex Tokens();

    [GeneratedRegex(@"\p{L}+")]
    private static partial Regex Words();

    [GeneratedRegex(@"\p{L}{2,}")]
    private static partial Regex Word();
}
