using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;

namespace Odr.Web.Tests;

/// <summary>The test vectors of governing-law.md §6, each through the public endpoint.</summary>
public class GoverningLawVectorTests(OdrWebFactory factory) : IClassFixture<OdrWebFactory>
{
    /// <summary>
    /// A vector: its id, the request's facts, and what the document requires: governing law, CISG, the overlays that
    /// must be present (law + basis), confidence.
    /// </summary>
    public static TheoryData<string, string, string, string, string[], string> Vectors => new()
    {
        { "TV-01", """{"buyer":{"country":"DE","type":"consumer"},"seller":{"country":"CN","type":"business"},"sellerDirectsToBuyerCountry":"yes","choiceOfLaw":"CN","choiceOfLawSource":"sellerTerms"}""",
            "CN", "doesNotApply", ["DE|Rome I Art. 6(2)", "DE|Rome I Art. 9(2)"], "high" },
        { "TV-02", """{"buyer":{"country":"DE","type":"consumer"},"seller":{"country":"CN","type":"business"},"sellerDirectsToBuyerCountry":"yes"}""",
            "DE", "doesNotApply", [], "high" },
        { "TV-04", """{"buyer":{"country":"US","subdivision":"CA","type":"business"},"seller":{"country":"CN","type":"business"}}""",
            "CN", "applies", ["CN|LAL Art. 4"], "high" },
        { "TV-05", """{"buyer":{"country":"US","subdivision":"NY","type":"business"},"seller":{"country":"CN","type":"business"},"choiceOfLaw":"US-NY","choiceOfLawSource":"negotiated"}""",
            "US-NY", "applies", ["CN|LAL Art. 4"], "high" },
        { "TV-06", """{"buyer":{"country":"US","subdivision":"NY","type":"business"},"seller":{"country":"CN","type":"business"},"choiceOfLaw":"US-NY","choiceOfLawSource":"negotiated","cisgExpresslyExcluded":true}""",
            "US-NY", "doesNotApply", ["CN|LAL Art. 4"], "high" },
        { "TV-07", """{"buyer":{"country":"GB","subdivision":"ENG","type":"consumer"},"seller":{"country":"CN","type":"business"},"sellerDirectsToBuyerCountry":"yes","choiceOfLaw":"CN","choiceOfLawSource":"sellerTerms"}""",
            "CN", "doesNotApply", ["GB-EAW|UK Rome I Art. 6(2)", "GB-EAW|CRA s.32"], "high" },
        { "TV-11", """{"buyer":{"country":"FR","type":"business"},"seller":{"country":"GB","subdivision":"ENG","type":"business"}}""",
            "GB-EAW", "doesNotApply", ["GB-EAW|UK Rome I Art. 9(2)"], "high" },
        { "TV-13", """{"buyer":{"country":"GB","subdivision":"ENG","type":"business"},"seller":{"country":"CN","type":"business"}}""",
            "CN", "doesNotApply", ["CN|LAL Art. 4"], "medium" },
        { "TV-14", """{"buyer":{"country":"CN","type":"business"},"seller":{"country":"DE","type":"business"},"choiceOfLaw":"CN","choiceOfLawSource":"negotiated"}""",
            "CN", "applies", ["CN|LAL Art. 4"], "high" },
        { "TV-17", """{"buyer":{"country":"FR","type":"consumer"},"seller":{"country":"CN","type":"business"},"sellerDirectsToBuyerCountry":"yes","contractType":"services","servicesExclusivelyOutsideConsumerCountry":true,"choiceOfLaw":"CN","choiceOfLawSource":"sellerTerms"}""",
            "CN", "doesNotApply", ["FR|Rome I Art. 9(2)"], "high" },
        { "TV-24", """{"buyer":{"country":"FR","type":"consumer"},"seller":{"country":"DE","type":"private"}}""",
            "DE", "doesNotApply", ["DE|Rome I Art. 9(2)"], "high" },
    };

    [Theory]
    [MemberData(nameof(Vectors))]
    public async Task Vector_MatchesTheDocument(string id, string facts, string law, string cisg, string[] overlays, string confidence)
    {
        var request = JsonNode.Parse(facts)!.AsObject();
        request["contractDate"] = "2025-06-01";

        var response = await factory.CreateClient().PostAsJsonAsync("/api/governing-law/assessments", request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var answer = (await response.Content.ReadFromJsonAsync<JsonObject>())!;
        Assert.True(law == (string)answer["governingLaw"]!, $"{id}: governing law {answer["governingLaw"]}, expected {law}");
        Assert.True(cisg == (string)answer["cisg"]!, $"{id}: CISG {answer["cisg"]}, expected {cisg}");
        Assert.True(confidence == (string)answer["confidence"]!, $"{id}: confidence {answer["confidence"]}, expected {confidence}");
        var present = answer["mandatoryOverlays"]!.AsArray().Select(o => $"{o!["law"]}|{o["basis"]}").ToList();
        foreach (var overlay in overlays)
        {
            Assert.True(present.Contains(overlay), $"{id}: overlay {overlay} missing from [{string.Join(", ", present)}]");
        }
        if (cisg == "applies")
        {
            Assert.Equal(law, (string)answer["cisgResidualLaw"]!);
        }
        Assert.NotEmpty((string)answer["explanation"]!);
        Assert.NotEmpty(answer["basis"]!.AsArray());
    }

    [Fact]
    public async Task TV01_FlagsTheUnfairClauseRisk_AndTV07TheConsumerFloor()
    {
        var tv01 = await AssessAsync("""{"buyer":{"country":"DE","type":"consumer"},"seller":{"country":"CN","type":"business"},"sellerDirectsToBuyerCountry":"yes","choiceOfLaw":"CN","choiceOfLawSource":"sellerTerms"}""");
        Assert.Contains("unfairClauseRisk", tv01["flags"]!.AsArray().Select(f => (string)f!));
        Assert.Equal("EU-RomeI", (string)tv01["referenceRegime"]!);
        Assert.Equal(["Rome I Art. 3", "Rome I Art. 6(2)"], tv01["basis"]!.AsArray().Select(b => (string)b!).Take(2));
    }

    [Fact]
    public async Task TV04_IsForumDependent_AndTV05FlagsChineseCourtPractice()
    {
        var tv04 = await AssessAsync("""{"buyer":{"country":"US","subdivision":"CA","type":"business"},"seller":{"country":"CN","type":"business"}}""");
        Assert.Contains("forumDependent", tv04["flags"]!.AsArray().Select(f => (string)f!));
        var tv05 = await AssessAsync("""{"buyer":{"country":"US","subdivision":"NY","type":"business"},"seller":{"country":"CN","type":"business"},"choiceOfLaw":"US-NY","choiceOfLawSource":"negotiated"}""");
        Assert.Contains("cnCourtPracticeVaries", tv05["flags"]!.AsArray().Select(f => (string)f!));
        Assert.Contains("CISG Art. 6", tv05["basis"]!.AsArray().Select(b => (string)b!));
    }

    [Fact]
    public async Task Explanation_FollowsAcceptLanguage()
    {
        var client = factory.CreateClient();
        client.DefaultRequestHeaders.AcceptLanguage.ParseAdd("zh-CN,zh;q=0.9,en;q=0.5");
        var response = await client.PostAsJsonAsync("/api/governing-law/assessments", JsonNode.Parse(
            """{"contractDate":"2025-06-01","buyer":{"country":"DE","type":"consumer"},"seller":{"country":"CN","type":"business"},"sellerDirectsToBuyerCountry":"yes"}""")!);
        var explanation = (string)(await response.Content.ReadFromJsonAsync<JsonObject>())!["explanation"]!;
        Assert.Contains("消费者", explanation, StringComparison.Ordinal);
        var english = await AssessAsync("""{"buyer":{"country":"DE","type":"consumer"},"seller":{"country":"CN","type":"business"},"sellerDirectsToBuyerCountry":"yes"}""");
        Assert.Contains("consumer", (string)english["explanation"]!, StringComparison.Ordinal);
    }

    private async Task<JsonObject> AssessAsync(string facts)
    {
        var request = JsonNode.Parse(facts)!.AsObject();
        request["contractDate"] = "2025-06-01";
        var response = await factory.CreateClient().PostAsJsonAsync("/api/governing-law/assessments", request);
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<JsonObject>())!;
    }
}
