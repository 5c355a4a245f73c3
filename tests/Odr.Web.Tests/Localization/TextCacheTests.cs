using System.Globalization;
using Microsoft.Extensions.Localization;
using Odr.Web.Infrastructure.Localization;

namespace Odr.Web.Tests.Localization;

/// <summary>The language layer's cache in front of the resource files (<see cref="TextCache"/>).</summary>
public sealed class TextCacheTests
{
    /// <summary>Resource files of two texts in two languages, counting the lookups that reach them.</summary>
    private sealed class CountingResources : IStringLocalizer
    {
        public int Lookups { get; private set; }

        public LocalizedString this[string name]
        {
            get
            {
                Lookups++;
                var value = (CultureInfo.CurrentUICulture.Name, name) switch
                {
                    ("zh-CN", "Buyer") => "买方",
                    (_, "Buyer") => "Buyer",
                    ("zh-CN", "{0} rounds left") => "还剩 {0} 轮",
                    (_, "{0} rounds left") => "{0} rounds left",
                    _ => null,
                };
                return new LocalizedString(name, value ?? name, resourceNotFound: value is null, searchedLocation: "Text");
            }
        }

        public LocalizedString this[string name, params object[] arguments] => throw new NotSupportedException();

        public IEnumerable<LocalizedString> GetAllStrings(bool includeParentCultures) => [];
    }

    [Fact]
    public void AText_IsLookedUpOncePerLanguage_AndEachLanguageGetsItsOwn()
    {
        var resources = new CountingResources();
        var texts = new TextCache(resources);
        var was = (CultureInfo.CurrentCulture, CultureInfo.CurrentUICulture);
        try
        {
            CultureInfo.CurrentCulture = CultureInfo.CurrentUICulture = new CultureInfo("en");
            Assert.Equal("Buyer", texts["Buyer"].Value);
            Assert.Equal("Buyer", texts["Buyer"].Value);
            Assert.Equal("3 rounds left", texts["{0} rounds left", 3].Value);
            CultureInfo.CurrentCulture = CultureInfo.CurrentUICulture = new CultureInfo("zh-CN");
            Assert.Equal("买方", texts["Buyer"].Value);
            Assert.Equal("还剩 3 轮", texts["{0} rounds left", 3].Value);
            Assert.Equal("还剩 2 轮", texts["{0} rounds left", 2].Value);

            Assert.Equal(4, resources.Lookups); // each text once in each language
        }
        finally
        {
            (CultureInfo.CurrentCulture, CultureInfo.CurrentUICulture) = was;
        }
    }

    [Fact]
    public void ANameWithNoEntry_AnswersWithItself_SaysSo_AndIsKeptToo()
    {
        var resources = new CountingResources();
        var texts = new TextCache(resources);

        var first = texts["not a text"];
        var second = texts["not a text {0}", 1];
        var again = texts["not a text"];

        Assert.True(first.ResourceNotFound);
        Assert.Equal("not a text", first.Value);
        Assert.True(second.ResourceNotFound);
        Assert.Equal("not a text 1", second.Value);
        Assert.True(again.ResourceNotFound);
        Assert.Equal(2, resources.Lookups);
    }

    /// <summary>Names can carry what someone typed, so the cache has a size; reaching it, the cache starts again empty.</summary>
    [Fact]
    public void ReachingItsSize_TheCacheStartsAgain_AndStillAnswers()
    {
        var resources = new CountingResources();
        var texts = new TextCache(resources);
        var typed = new string('x', 1_000);
        // A name with no entry answers with itself, so each takes twice its length (at most 2 × 1,010): all fit.
        var names = TextCache.MostCharacters / (2 * (typed.Length + 10));
        for (var n = 0; n < names; n++)
        {
            _ = texts[$"{n} {typed}"];
        }
        _ = texts[$"0 {typed}"];
        Assert.Equal(names, resources.Lookups); // all kept so far

        _ = texts[new string('y', 10_000)]; // past the size
        _ = texts[$"0 {typed}"];
        Assert.Equal("Buyer", texts["Buyer"].Value);
        Assert.Equal("Buyer", texts["Buyer"].Value);

        Assert.Equal(names + 3, resources.Lookups); // the first name again, and "Buyer" once
    }
}
