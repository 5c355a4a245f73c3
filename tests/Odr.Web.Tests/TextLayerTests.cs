using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using System.Xml.Linq;

namespace Odr.Web.Tests;

/// <summary>
/// The one language layer: every code-keyed text exists in every language, every refusal the domain can raise has its
/// text, and an API refusal carries its code and is written in the request's language.
/// </summary>
public sealed partial class TextLayerTests(OdrWebFactory factory) : IClassFixture<OdrWebFactory>
{
    private static string ResourcesFolder() => Path.Combine(LocalizationTests.RepositoryRoot(), "src/Odr.Web/Resources");

    private static Dictionary<string, string> Read(string file) =>
        XDocument.Load(Path.Combine(ResourcesFolder(), file)).Root!.Elements("data")
            .ToDictionary(d => (string)d.Attribute("name")!, d => (string)d.Element("value")!, StringComparer.Ordinal);

    public static TheoryData<string> Languages() => new(Directory.GetFiles(ResourcesFolder(), "Text.*.resx").Select(Path.GetFileName)!);

    /// <summary>Every code-keyed text of the neutral (English) set is in each language, with the same holes.</summary>
    [Theory]
    [MemberData(nameof(Languages))]
    public void EveryNeutralText_IsTranslated_WithTheSameHoles(string file)
    {
        var neutral = Read("Text.resx");
        var translated = Read(file);
        Assert.Empty(neutral.Keys.Except(translated.Keys).ToList());
        Assert.Empty(neutral.Where(n => translated.TryGetValue(n.Key, out var t) && !Holes(n.Value).SetEquals(Holes(t))).Select(n => n.Key));
    }

    /// <summary>Every refusal code written in the domain's source has its text in the neutral set.</summary>
    [Fact]
    public void EveryRefusalCodeOfTheDomain_HasItsText()
    {
        var domain = Path.Combine(LocalizationTests.RepositoryRoot(), "src/Odr.Domain");
        var codes = Directory.GetFiles(domain, "*.cs", SearchOption.AllDirectories)
            .SelectMany(file => RefusalCode().Matches(File.ReadAllText(file)).Select(m => m.Groups.Values.Skip(1).First(g => g.Success).Value))
            .ToHashSet(StringComparer.Ordinal);
        Assert.True(codes.Count > 40, $"found only {codes.Count} codes: the pattern no longer matches the domain's style");
        var neutral = Read("Text.resx");
        Assert.Empty(codes.Select(code => "refusal." + code).Except(neutral.Keys).ToList());
    }

    /// <summary>
    /// Every language has every refusal's text and every governing-law reason's (<c>law.reason.{code}</c>, for each code
    /// the engine writes), with the English holes: a new language is complete or this names what it lacks.
    /// </summary>
    [Theory]
    [MemberData(nameof(Languages))]
    public void EveryRefusalAndReasonCode_HasItsText_InEachLanguage(string file)
    {
        var domain = Path.Combine(LocalizationTests.RepositoryRoot(), "src/Odr.Domain");
        var refusals = Directory.GetFiles(domain, "*.cs", SearchOption.AllDirectories)
            .SelectMany(f => RefusalCode().Matches(File.ReadAllText(f)).Select(m => m.Groups.Values.Skip(1).First(g => g.Success).Value))
            .Select(code => "refusal." + code);
        var reasons = ReasonCodes().Select(code => "law.reason." + code).ToList();
        var neutral = Read("Text.resx");
        var translated = Read(file);
        Assert.Empty(refusals.Concat(reasons).Where(key => !translated.ContainsKey(key)).Distinct().ToList());
        Assert.Empty(reasons.Where(key => !Holes(neutral[key]).SetEquals(Holes(translated[key]))).ToList());
    }

    /// <summary>The reason codes the engine writes: <c>notes.Reason("code", …)</c>, <c>No(basis, "code", …)</c>, or either of a choice.</summary>
    private static HashSet<string> ReasonCodes()
    {
        // The engine is one class in partial files (GoverningLawEngine.*.cs), read together.
        var engine = string.Concat(Directory.GetFiles(Path.Combine(LocalizationTests.RepositoryRoot(), "src/Odr.Domain/GoverningLaw"), "GoverningLawEngine*.cs")
            .Order(StringComparer.Ordinal).Select(File.ReadAllText));
        var codes = ReasonCode().Matches(engine).SelectMany(m => m.Groups.Values.Skip(1).Where(g => g.Success).Select(g => g.Value))
            .ToHashSet(StringComparer.Ordinal);
        Assert.True(codes.Count > 60, $"found only {codes.Count} reason codes: the pattern no longer matches the engine's style");
        return codes;
    }

    [Fact]
    public void EveryReasonCodeOfTheEngine_HasItsText_AndNoTextIsLeftWithoutACode()
    {
        var codes = ReasonCodes();
        var texts = Read("Text.resx").Keys.Where(k => k.StartsWith("law.reason.", StringComparison.Ordinal)).Select(k => k["law.reason.".Length..]).ToHashSet();
        Assert.Empty(codes.Except(texts));
        Assert.Empty(texts.Except(codes));
    }

    [Fact]
    public async Task ARefusal_CarriesItsCode_AndIsWrittenInTheRequestsLanguage()
    {
        var buyer = await factory.ClientForAsync("buyer@demo.odr");
        var filed = await Filings.FileAsync(buyer);
        var url = $"/api/cases/{filed["id"]}/response";

        var english = await buyer.PostAsJsonAsync(url, new { action = "accept" });
        Assert.Equal(HttpStatusCode.Forbidden, english.StatusCode);
        var problem = (await english.Content.ReadFromJsonAsync<JsonObject>())!;
        Assert.Equal("roleRequired", (string?)problem["code"]);
        Assert.Equal("Only the seller can respond to the complaint.", (string?)problem["detail"]);

        using var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = JsonContent.Create(new { action = "accept" }) };
        request.Headers.AcceptLanguage.Add(new StringWithQualityHeaderValue("zh-CN"));
        var chinese = (await (await buyer.SendAsync(request)).Content.ReadFromJsonAsync<JsonObject>())!;
        Assert.Equal("roleRequired", (string?)chinese["code"]);
        Assert.Equal("只有卖家可以答复投诉。", (string?)chinese["detail"]);
    }

    /// <summary>
    /// A Chinese text is set with full-width brackets and quotes throughout: an ASCII "(", ")" or '"' in a value written
    /// in Chinese sits beside full-width ones on the same page (第1条第1款(b)项 after （若能确定）). Values without a
    /// Chinese character (date patterns, codes) are not Chinese text and are not checked.
    /// </summary>
    [Fact]
    public void ChineseTexts_UseFullWidthBracketsAndQuotes_Only()
    {
        var mixed = Read("Text.zh-Hans.resx").Where(t => ChineseCharacter().IsMatch(t.Value) && t.Value.IndexOfAny(['(', ')', '"']) >= 0)
            .Select(t => $"{t.Key}: {t.Value}").ToList();
        Assert.Empty(mixed);
    }

    [GeneratedRegex(@"\p{IsCJKUnifiedIdeographs}")]
    private static partial Regex ChineseCharacter();

    private static HashSet<string> Holes(string text) => Hole().Matches(text).Select(m => m.Groups[1].Value).ToHashSet(StringComparer.Ordinal);

    [GeneratedRegex(@"\{(\d+)(?:[:,][^}]*)?\}")]
    private static partial Regex Hole();

    [GeneratedRegex("""(?:\.Reason|\bNo)\((?:"[^"]*", )?(?:[^"();]+ \? )?"(\w+)"(?: : "(\w+)")?""")]
    private static partial Regex ReasonCode();

    // new Refusal(DomainErrorCode.X, "code", …), Invalid("code", …), or a DomainException's refusal code as its 4th argument.
    [GeneratedRegex("""(?:new Refusal\(DomainErrorCode\.\w+, "(\w+)"|Invalid\("(\w+)")|DomainException\(DomainErrorCode\.\w+,[^;]*?, (?:null|"[\w.]+"|field), "(\w+)"\)""")]
    private static partial Regex RefusalCode();
}
