using System.Net;
using System.Text.RegularExpressions;
using Xunit.Abstractions;

namespace Odr.Web.Tests;

/// <summary>
/// Pages rendered in the pseudo-locale (<c>qps-Ploc</c>), where every text of the language layer comes back between ⟦
/// and ⟧: visible text outside the marks did not come through the layer. Data (names, numbers, dates, codes, what people
/// typed) is allowed by pattern or by value.
/// </summary>
public sealed partial class PseudoLocaleTests(DemoCasesTests.WithDemoCases factory, ITestOutputHelper output)
    : IClassFixture<DemoCasesTests.WithDemoCases>
{
    /// <summary>Pages whose every text goes through the layer; a page joins this list once the test finds nothing on it.</summary>
    public static TheoryData<string, string?> CleanPages() => new()
    {
        { "/Decisions", null },
        { "/Sellers", null },
        { "/Regulator/Cases/{case}", "regulator@demo.odr" },
    };

    [Theory]
    [MemberData(nameof(CleanPages))]
    public async Task APage_InThePseudoLocale_ShowsNoTextThatBypassedTheLanguageLayer(string path, string? account)
    {
        var client = account is null ? factory.Browser() : await factory.BrowserForAsync(account);
        if (path.Contains("{case}", StringComparison.Ordinal))
        {
            var list = await client.GetStringAsync("/Cases");
            path = path.Replace("{case}", CaseLink().Match(list).Groups[1].Value, StringComparison.Ordinal);
        }
        var response = await client.GetAsync(path + (path.Contains('?') ? "&" : "?") + "culture=qps-Ploc");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var leaks = Unmarked(await response.Content.ReadAsStringAsync());
        foreach (var leak in leaks)
        {
            output.WriteLine(leak);
        }
        Assert.Empty(leaks);
    }

    /// <summary>The visible text of a page (no scripts, styles or tags) outside the marks, with data taken out.</summary>
    public static List<string> Unmarked(string html)
    {
        var body = html[Math.Max(0, html.IndexOf("<main", StringComparison.Ordinal))..];
        body = Hidden().Replace(body, " ");
        var text = System.Net.WebUtility.HtmlDecode(Tag().Replace(body, "\n"));
        while (Marked().IsMatch(text))
        {
            text = Marked().Replace(text, " ");
        }
        return text.Split('\n')
            .Select(line => Data().Replace(line, " ").Trim())
            .Where(line => Word().IsMatch(line))
            .Distinct().ToList();
    }

    [GeneratedRegex("/Regulator/Cases/([0-9a-f-]{36})")]
    private static partial Regex CaseLink();

    // Not shown as text, or written by people (a statement, an award's reasons: class "pre-wrap").
    [GeneratedRegex(@"<(script|style|svg|textarea|pre)\b.*?</\1>|<p class=""pre-wrap"">.*?</p>|<!--.*?-->", RegexOptions.Singleline)]
    private static partial Regex Hidden();

    [GeneratedRegex("<[^>]*>")]
    private static partial Regex Tag();

    // Marks nest (a label inside a sentence); remove the innermost first until none is left.
    [GeneratedRegex("⟦[^⟦⟧]*⟧")]
    private static partial Regex Marked();

    // Data a page shows as it is: case numbers, pseudonyms, hashes, codes, amounts and currencies, people's and
    // marketplaces' names and what they wrote in the demo cases, file types, and the service's name.
    [GeneratedRegex(@"ODR-\d{4}-\d+|[PBS]-[0-9A-F]{10}|SHA-256|[0-9a-f]{16,}|[A-Z0-9]{4}(-[A-Z0-9]{4})+|\b[A-Z]{2,3}(-[A-Z]{2,4})?\b|[\d.,:%()+-]+|UNIDROIT-PICC|application/\w+|image/\w+|text/plain|\bKB\b|\bMB\b|bytes|ExampleMart|Shenzhen Audio Co\.|[\w ]*(Mart|Shop|Store)|ODR Service|UTC|GET /api/\S+|demo\.odr|@")]
    private static partial Regex Data();

    [GeneratedRegex("[A-Za-z]{2,}")]
    private static partial Regex Word();
}
