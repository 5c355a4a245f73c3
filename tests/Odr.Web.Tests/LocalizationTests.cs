using System.Globalization;
using System.Net.Http.Headers;
using System.Text.RegularExpressions;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Localization;

namespace Odr.Web.Tests;

/// <summary>The Simplified Chinese pages: every text a page names has a translation, and the language is chosen and kept.</summary>
public sealed partial class LocalizationTests(OdrWebFactory factory) : IClassFixture<OdrWebFactory>
{
    internal static string RepositoryRoot()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "Odr.sln")))
        {
            directory = directory.Parent;
        }
        return directory?.FullName ?? throw new InvalidOperationException("Odr.sln not found above the test assembly.");
    }

    /// <summary>
    /// Looked up as the pages do (the compiled resource, through the service's localizer), not in the .resx file: the
    /// resource compiler drops a name that differs from another only in case, which the file alone would not show.
    /// </summary>
    [Fact]
    public void EveryTextThePagesName_HasAChineseTranslation()
    {
        var root = RepositoryRoot();
        var localizer = factory.Services.GetRequiredService<IStringLocalizer<Text>>();
        var culture = CultureInfo.CurrentUICulture;
        CultureInfo.CurrentUICulture = new CultureInfo(Languages.Chinese);
        try
        {
            AssertEveryLookupTranslated(root, key => !localizer[key].ResourceNotFound);
        }
        finally
        {
            CultureInfo.CurrentUICulture = culture;
        }
    }

    private static void AssertEveryLookupTranslated(string root, Func<string, bool> translated)
    {
        var pages = Directory.GetFiles(Path.Combine(root, "src/Odr.Web/Pages"), "*.cs*", SearchOption.AllDirectories) // views and page models
            .Concat(Directory.GetFiles(Path.Combine(root, "src/Odr.Web/Features"), "*.cshtml", SearchOption.AllDirectories)); // stages' page partials
        var missing = pages.SelectMany(page => TextLookup().Matches(File.ReadAllText(page))
                .SelectMany(lookup => Literal().Matches(lookup.Groups[1].Value)) // every literal in T[…], both sides of a ?:
                .Select(m => m.Groups[1].Value.Replace("\\\"", "\"", StringComparison.Ordinal))
                .Where(key => key.Any(char.IsLetter))
                .Where(key => !translated(key))
                .Select(key => $"{Path.GetFileName(page)}: {key}"))
            .Distinct().ToList();

        Assert.Empty(missing);
    }

    [Fact]
    public async Task ABrowserAskingForChinese_GetsChinesePages_AndTheSwitcherRemembersEnglish()
    {
        using var browser = factory.Browser();
        browser.DefaultRequestHeaders.AcceptLanguage.Add(new StringWithQualityHeaderValue("zh-CN"));

        var home = await browser.GetStringAsync("/");
        Assert.Contains("<html lang=\"zh-Hans\">", home, StringComparison.Ordinal);
        Assert.Contains("公平地在线解决跨境购物纠纷", home, StringComparison.Ordinal);
        var missing = await browser.GetAsync("/no-such-page");
        Assert.Equal(System.Net.HttpStatusCode.NotFound, missing.StatusCode);
        Assert.Contains("<h1>找不到页面</h1>", await missing.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        var token = await OdrWebFactory.FormTokenAsync(browser, "/");
        var switched = await browser.PostAsync("/Language", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["culture"] = "en", ["returnUrl"] = "/", ["__RequestVerificationToken"] = token,
        }));
        Assert.Equal(System.Net.HttpStatusCode.Redirect, switched.StatusCode);

        var again = await browser.GetStringAsync("/");
        Assert.Contains("<html lang=\"en\">", again, StringComparison.Ordinal);
        Assert.Contains("Resolve a cross-border shopping dispute", again, StringComparison.Ordinal);
    }

    /// <summary>
    /// The service's language choice (its localization middleware and settings) gives every request the one culture
    /// object of its language, whose number and date formats are built once, not a copy that builds them from ICU again
    /// (bench/analysis.md, pages on PostgreSQL).
    /// </summary>
    [Theory]
    [InlineData("zh-CN")]
    [InlineData("en-GB")]
    [InlineData("")] // no language asked for: the default
    public async Task EveryRequestInALanguage_GetsThatLanguagesOneCulture_WithItsFormatsBuiltOnce(string acceptLanguage)
    {
        var seen = new List<CultureInfo>();
        var middleware = new Microsoft.AspNetCore.Localization.RequestLocalizationMiddleware(_ =>
            {
                seen.Add(CultureInfo.CurrentCulture);
                return Task.CompletedTask;
            },
            factory.Services.GetRequiredService<Microsoft.Extensions.Options.IOptions<Microsoft.AspNetCore.Builder.RequestLocalizationOptions>>(),
            factory.Services.GetRequiredService<Microsoft.Extensions.Logging.ILoggerFactory>());
        for (var request = 0; request < 2; request++)
        {
            await using var scope = factory.Services.CreateAsyncScope();
            var context = new Microsoft.AspNetCore.Http.DefaultHttpContext { RequestServices = scope.ServiceProvider };
            if (acceptLanguage.Length > 0)
            {
                context.Request.Headers.AcceptLanguage = acceptLanguage;
            }
            await middleware.Invoke(context);
        }

        Assert.Equal(2, seen.Count);
        Assert.Contains(seen[0], Languages.Supported);
        Assert.Same(seen[0], seen[1]);
        Assert.True(seen[0].IsReadOnly && seen[0].NumberFormat.IsReadOnly && seen[0].DateTimeFormat.IsReadOnly,
            "a request's culture is shared by every request in its language, so nothing may change it");
    }

    [GeneratedRegex(@"\b[Tt]\[([^\]]*)\]")]
    private static partial Regex TextLookup();

    [GeneratedRegex(@"""((?:[^""\\]|\\.)*)""")]
    private static partial Regex Literal();
}
