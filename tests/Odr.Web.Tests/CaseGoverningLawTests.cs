using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;

namespace Odr.Web.Tests;

/// <summary>Governing law inside a case: the suggestion at filing, each party's position, corrected facts, the confirmation.</summary>
public class CaseGoverningLawTests(OdrWebFactory factory) : IClassFixture<OdrWebFactory>
{
    private static async Task<JsonObject> Json(HttpResponseMessage response)
    {
        Assert.True(response.IsSuccessStatusCode, $"{(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        return (await response.Content.ReadFromJsonAsync<JsonObject>())!;
    }

    [Fact]
    public async Task Filing_SuggestsTheGoverningLawFromTheFilingsFacts()
    {
        var buyer = await factory.ClientForAsync("buyer@demo.odr");
        var filed = await Filings.FileAsync(buyer); // TV-01's facts: DE consumer, CN seller targeting DE, seller terms choose CN

        var suggestion = filed["governingLaw"]!["suggestion"]!;
        Assert.Equal(("CN", "EU-RomeI", "doesNotApply", "high"), ((string)suggestion["governingLaw"]!, (string)suggestion["referenceRegime"]!,
            (string)suggestion["cisg"]!, (string)suggestion["confidence"]!));
        Assert.Contains(suggestion["mandatoryOverlays"]!.AsArray(), o => (string)o!["law"]! == "DE" && (string)o["basis"]! == "Rome I Art. 6(2)");
        Assert.Null(filed["governingLaw"]!["confirmed"]);
    }

    [Fact]
    public async Task AChineseCase_ExplainsTheSuggestionInChinese()
    {
        var buyer = await factory.ClientForAsync("buyer@demo.odr");
        var filing = Filings.Valid();
        filing["language"] = "zh";
        var filed = await Filings.FileAsync(buyer, filing);
        Assert.Contains("消费者", (string)filed["governingLaw"]!["suggestion"]!["explanation"]!, StringComparison.Ordinal);
    }

    [Fact]
    public async Task PositionsCorrectionsAndConfirmation_AreRecordedAndChained()
    {
        var buyer = await factory.ClientForAsync("buyer@demo.odr");
        var seller = await factory.ClientForAsync("seller@demo.odr");
        var filing = Filings.Valid();
        filing["consentToArbitration"] = true;
        var url = $"/api/cases/{(await Filings.FileAsync(buyer, filing))["id"]}";

        var responded = await Json(await seller.PostAsJsonAsync($"{url}/response", new
        {
            action = "contest", statement = "Delivered.", consentToArbitration = true,
            governingLawPosition = new { law = "CN", reason = "Our terms choose PRC law." },
        }));
        Assert.Equal("CN", (string)responded["governingLaw"]!["sellerPosition"]!["law"]!);

        var positioned = await Json(await buyer.PutAsJsonAsync($"{url}/governing-law/position", new { law = "DE", reason = "I bought as a consumer in Germany." }));
        Assert.Equal(("DE", "I bought as a consumer in Germany."), ((string)positioned["governingLaw"]!["buyerPosition"]!["law"]!,
            (string)positioned["governingLaw"]!["buyerPosition"]!["reason"]!));

        var corrected = await Json(await buyer.PatchAsJsonAsync($"{url}/governing-law/facts", new { removeChoiceOfLaw = true, sellerDirectsToBuyerCountry = "yes" }));
        Assert.Equal("DE", (string)corrected["governingLaw"]!["suggestion"]!["governingLaw"]!);
        Assert.Null(corrected["choiceOfLaw"]);

        var badUnit = await buyer.PatchAsJsonAsync($"{url}/governing-law/facts", new { buyerSubdivision = "BY" });
        Assert.Equal(HttpStatusCode.BadRequest, badUnit.StatusCode);
        Assert.Contains("buyerSubdivision", await badUnit.ErrorFieldsAsync());
        var badLaw = await buyer.PutAsJsonAsync($"{url}/governing-law/position", new { law = "German law" });
        Assert.Contains("law", await badLaw.ErrorFieldsAsync());

        // Through mediation to arbitration, where the arbitrator confirms and the award applies the law.
        await Json(await buyer.PostAsJsonAsync($"{url}/escalate", new { reason = "No agreement." }));
        await factory.DrainWorkflowsAsync();
        var mediator = await factory.ClientForUserAsync(Guid.Parse((string)(await buyer.GetFromJsonAsync<JsonObject>(url))!["mediatorId"]!));
        await Json(await mediator.PostAsJsonAsync($"{url}/mediation/impasse", new { note = "No movement." }));
        await factory.DrainWorkflowsAsync();
        var arbitrator = await factory.ClientForUserAsync(Guid.Parse((string)(await buyer.GetFromJsonAsync<JsonObject>(url))!["arbitratorId"]!));
        Assert.Equal(HttpStatusCode.Forbidden, (await buyer.PostAsJsonAsync($"{url}/governing-law/confirm", new { law = "DE" })).StatusCode);

        var confirmed = await Json(await arbitrator.PostAsJsonAsync($"{url}/governing-law/confirm", new { law = "DE" }));
        Assert.Equal("DE", (string)confirmed["governingLaw"]!["confirmed"]!["law"]!);
        Assert.Equal(HttpStatusCode.Conflict, (await buyer.PatchAsJsonAsync($"{url}/governing-law/facts", new { contractType = "services" })).StatusCode);

        var awarded = await Json(await arbitrator.PostAsJsonAsync($"{url}/award", new
        {
            decision = "fullRefund", governingLaw = "DE", reasons = "German consumer law applies; the goods never arrived.",
        }));
        Assert.Equal("DE", (string)awarded["award"]!["governingLaw"]!);

        var events = (await buyer.GetFromJsonAsync<JsonArray>($"{url}/events"))!.Select(e => (string)e!["type"]!).ToList();
        Assert.Equal(2, events.Count(e => e == "governingLawSuggested"));
        Assert.Equal(2, events.Count(e => e == "governingLawPosition"));
        Assert.Single(events, e => e == "contractFactsCorrected");
        Assert.Single(events, e => e == "governingLawConfirmed"); // the award's law was already confirmed
    }

    [Fact]
    public async Task Filing_WithAnUnknownLegalUnit_NamesIt()
    {
        var buyer = await factory.ClientForAsync("buyer@demo.odr");
        var filing = Filings.Valid();
        filing["seller"]!["country"] = "US";
        filing["seller"]!["subdivision"] = "XY";
        var response = await buyer.PostAsJsonAsync("/api/cases", filing);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("seller.subdivision", await response.ErrorFieldsAsync());
    }
}

/// <summary>The public assessment endpoint's refusals: bad facts by field, and the rate limit.</summary>
public sealed class TightRateLimitFactory : OdrWebFactory
{
    protected override IDictionary<string, string?> Settings => new Dictionary<string, string?> { ["Odr:RateLimits:AnonymousPerMinute"] = "3" };
}

public class AssessmentLimitsTests(TightRateLimitFactory factory) : IClassFixture<TightRateLimitFactory>
{
    [Fact]
    public async Task Assessments_AreRateLimitedPerClient_With429AndRetryAfter()
    {
        var client = factory.CreateClient();
        var body = JsonNode.Parse("""{"contractDate":"2025-06-01","buyer":{"country":"DE","type":"consumer"},"seller":{"country":"CN","type":"business"}}""")!;
        for (var i = 0; i < 3; i++)
        {
            Assert.Equal(HttpStatusCode.OK, (await client.PostAsJsonAsync("/api/governing-law/assessments", body)).StatusCode);
        }
        var limited = await client.PostAsJsonAsync("/api/governing-law/assessments", body);
        Assert.Equal(HttpStatusCode.TooManyRequests, limited.StatusCode);
        Assert.True(limited.Headers.RetryAfter is not null, "429 without Retry-After");
        Assert.Equal("application/problem+json", limited.Content.Headers.ContentType!.MediaType);
    }
}

public class AssessmentValidationTests(OdrWebFactory factory) : IClassFixture<OdrWebFactory>
{
    [Theory]
    [InlineData("""{"buyer":{"country":"DE","type":"consumer"},"seller":{"country":"CN","type":"business"}}""", "contractDate")]
    [InlineData("""{"contractDate":"2025-06-01","seller":{"country":"CN","type":"business"}}""", "buyer")]
    [InlineData("""{"contractDate":"2025-06-01","buyer":{"country":"ZZ","type":"consumer"},"seller":{"country":"CN","type":"business"}}""", "buyer.country")]
    [InlineData("""{"contractDate":"2025-06-01","buyer":{"country":"DE","type":"tourist"},"seller":{"country":"CN","type":"business"}}""", "buyer.type")]
    [InlineData("""{"contractDate":"2025-06-01","buyer":{"country":"DE","type":"consumer"},"seller":{"country":"CN","type":"5"}}""", "seller.type")]
    [InlineData("""{"contractDate":"2025-06-01","buyer":{"country":"DE","subdivision":"BY","type":"consumer"},"seller":{"country":"CN","type":"business"}}""", "buyer.subdivision")]
    [InlineData("""{"contractDate":"2025-06-01","buyer":{"country":"DE","type":"consumer"},"seller":{"country":"CN","type":"business"},"choiceOfLaw":"Mars"}""", "choiceOfLaw")]
    [InlineData("""{"contractDate":"2025-06-01","buyer":{"country":"DE","type":"consumer"},"seller":{"country":"CN","type":"business"},"contractType":"software"}""", "contractType")]
    [InlineData("""{"contractDate":"2025-06-01","buyer":{"country":"DE","type":"consumer"},"seller":{"country":"CN","type":"business"},"sellerDirectsToBuyerCountry":"maybe"}""", "sellerDirectsToBuyerCountry")]
    [InlineData("""{"contractDate":"2025-06-01","buyer":{"country":"DE","type":"consumer"},"seller":{"country":"CN","type":"business"},"choiceOfLaw":"US-ZZ"}""", "choiceOfLaw")]
    [InlineData("""{"contractDate":"2025-06-01","buyer":{"country":"DE","type":"consumer"},"seller":{"country":"CN","type":"business"},"choiceOfLaw":"DE-BY"}""", "choiceOfLaw")]
    [InlineData("""{"contractDate":"2025-06-01","buyer":{"country":"DE","type":"consumer"},"seller":{"country":"CN","type":"business"},"choiceOfLaw":"GB-XX"}""", "choiceOfLaw")]
    [InlineData("""{"contractDate":"2025-06-01","buyer":{"country":"DE","type":"consumer"},"seller":{"country":"FR","type":"business"},"contractType":"carriage","carriage":{"kind":"passengers","from":"ZZ","to":"ES"}}""", "carriage.from")]
    [InlineData("""{"contractDate":"2025-06-01","buyer":{"country":"DE","type":"consumer"},"seller":{"country":"FR","type":"business"},"carriage":{"kind":"goods","from":"DE","to":"ES"}}""", "carriage")]
    [InlineData("""{"contractDate":"2025-06-01","buyer":{"country":"DE","type":"consumer"},"seller":{"country":"FR","type":"business"},"contractType":"carriage","carriage":{"kind":"ships"}}""", "carriage.kind")]
    public async Task Assessment_WithBadFacts_Returns400NamingTheField(string body, string field)
    {
        var response = await factory.CreateClient().PostAsync("/api/governing-law/assessments",
            new StringContent(body, System.Text.Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains(field, await response.ErrorFieldsAsync());
    }

    [Fact]
    public async Task Assessment_WithAContractDateAfterTodayByTheServicesClock_Returns400NamingContractDate()
    {
        var today = DateOnly.FromDateTime(factory.Clock.GetUtcNow().UtcDateTime);
        var client = factory.CreateClient();
        var tomorrow = await client.PostAsJsonAsync("/api/governing-law/assessments", Facts(today.AddDays(1)));
        Assert.Equal(HttpStatusCode.BadRequest, tomorrow.StatusCode);
        Assert.Contains("contractDate", await tomorrow.ErrorFieldsAsync());
        Assert.Equal(HttpStatusCode.OK, (await client.PostAsJsonAsync("/api/governing-law/assessments", Facts(today))).StatusCode);

        static JsonNode Facts(DateOnly date) => JsonNode.Parse(
            $$$"""{"contractDate":"{{{date:yyyy-MM-dd}}}","buyer":{"country":"DE","type":"consumer"},"seller":{"country":"CN","type":"business"}}""")!;
    }

    [Theory]
    [InlineData("GB-ENG", "GB-EAW")] // governing-law.md §1.1 names English law GB-ENG; the answer uses the legal unit
    [InlineData("gb-wls", "GB-EAW")]
    [InlineData("GB-SCT", "GB-SCT")]
    [InlineData("US-NY", "US-NY")]
    [InlineData("UNIDROIT-PICC", "UNIDROIT-PICC")]
    public async Task Assessment_ALawCode_IsNormalisedToItsLegalUnit(string code, string law)
    {
        var response = await factory.CreateClient().PostAsJsonAsync("/api/governing-law/assessments", JsonNode.Parse(
            $$"""{"contractDate":"2025-06-01","buyer":{"country":"DE","type":"business"},"seller":{"country":"FR","type":"business"},"choiceOfLaw":"{{code}}","choiceOfLawSource":"negotiated"}""")!);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(law, (string)(await response.Content.ReadFromJsonAsync<JsonObject>())!["governingLaw"]!);
    }

    [Fact]
    public async Task Assessment_OfPassengerCarriage_AppliesRomeIArt5_2_ThroughTheApi()
    {
        var response = await factory.CreateClient().PostAsJsonAsync("/api/governing-law/assessments", JsonNode.Parse(
            """{"contractDate":"2025-06-01","buyer":{"country":"FR","type":"consumer"},"seller":{"country":"DE","type":"business"},"sellerDirectsToBuyerCountry":"yes","contractType":"carriage","carriage":{"kind":"passengers","from":"ES","to":"FR"}}""")!);
        var answer = (await response.Content.ReadFromJsonAsync<JsonObject>())!;
        Assert.Equal("FR", (string)answer["governingLaw"]!);
        Assert.Contains("Rome I Art. 5(2)", answer["basis"]!.AsArray().Select(b => (string)b!));
    }
}
