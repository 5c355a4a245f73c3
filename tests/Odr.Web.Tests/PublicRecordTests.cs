using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;

namespace Odr.Web.Tests;

/// <summary>
/// What the service publishes to everyone (a business seller's record, arbitral decisions) and the regulator's pages,
/// over cases whose figures are worked out by hand.
/// </summary>
public class PublicRecordTests(PublicRecordTests.SeededCases factory) : IClassFixture<PublicRecordTests.SeededCases>
{
    private const string Reasons = "The listing promised noise cancelling; the seller's own test report shows none.";

    private string AwardedNumber => factory.AwardedNumber;

    /// <summary>The service with the cases below filed once for the whole class.</summary>
    public sealed class SeededCases : OdrWebFactory, IAsyncLifetime
    {
        public string AwardedNumber { get; private set; } = "";

        public async Task InitializeAsync() => AwardedNumber = await SeedAsync(this);

        Task IAsyncLifetime.DisposeAsync() => Task.CompletedTask;
    }

    private static async Task<JsonObject> PostOkAsync(HttpClient client, string url, object? body = null)
    {
        var response = await client.PostAsJsonAsync(url, body ?? new { });
        Assert.True(response.IsSuccessStatusCode, $"{url}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        return (await response.Content.ReadFromJsonAsync<JsonObject>())!;
    }

    private static async Task<HttpClient> NeutralAsync(OdrWebFactory factory, HttpClient buyer, string url, string role) =>
        await factory.ClientForUserAsync(Guid.Parse((string)(await buyer.GetFromJsonAsync<JsonObject>(url))![$"{role}Id"]!));

    /// <summary>
    /// Against seller@demo.odr (a business): A accepted and carried out; B contested, awarded to the buyer and not carried
    /// out; C never answered (its deadline passes). Against seller2@demo.odr, a private seller by its own profile: one case.
    /// </summary>
    private static async Task<string> SeedAsync(OdrWebFactory factory)
    {
        var buyer = await factory.ClientForAsync("buyer@demo.odr");
        var seller = await factory.ClientForAsync("seller@demo.odr");
        var urls = new List<string>();
        for (var i = 0; i < 3; i++)
        {
            urls.Add($"/api/cases/{(await Filings.FileAsync(buyer))["id"]}");
        }
        // seller2 says itself that it sells privately (its own profile, not the buyer's filing, is what keeps a record unpublished).
        var seller2 = await factory.ClientForAsync("seller2@demo.odr");
        (await seller2.PutAsJsonAsync("/api/sellers/me", new { name = "Jo Portland", type = "private", country = "US" })).EnsureSuccessStatusCode();
        var consumerFiling = Filings.Valid("seller2@demo.odr");
        consumerFiling["seller"]!["type"] = "private";
        await Filings.FileAsync(buyer, consumerFiling);
        await factory.DrainWorkflowsAsync();

        var (a, b) = (urls[0], urls[1]);
        await PostOkAsync(seller, $"{a}/response", new { action = "accept", consentToArbitration = true });
        await PostOkAsync(buyer, $"{a}/compliance", new { complied = true });
        await PostOkAsync(seller, $"{b}/response", new { action = "contest", statement = "It works.", consentToArbitration = true });
        await PostOkAsync(buyer, $"{b}/escalate", new { reason = "Stuck." });
        await factory.DrainWorkflowsAsync();
        await PostOkAsync(await NeutralAsync(factory, buyer, b, "mediator"), $"{b}/mediation/impasse", new { note = "No agreement." });
        await factory.DrainWorkflowsAsync();
        var awarded = await PostOkAsync(await NeutralAsync(factory, buyer, b, "arbitrator"), $"{b}/award",
            new { decision = "fullRefund", governingLaw = "DE", reasons = Reasons });
        var awardedNumber = (string)awarded["number"]!;
        await PostOkAsync(buyer, $"{b}/compliance", new { complied = false });
        await factory.DrainWorkflowsAsync();

        await factory.AdvanceAsync(TimeSpan.FromDays(8)); // C's response deadline (7 days) passes
        return awardedNumber;
    }

    [Fact]
    public async Task ASellersRecord_IsPublic_WithItsRatesAndTheirFormulas()
    {
        var anonymous = factory.CreateClient();
        var lookup = await anonymous.GetAsync("/api/sellers?email=SELLER@demo.odr");
        Assert.True(lookup.IsSuccessStatusCode, await lookup.Content.ReadAsStringAsync());
        var found = (await lookup.Content.ReadFromJsonAsync<JsonObject>())!;
        var key = (string)found["sellerKey"]!;
        Assert.Matches("^P-[0-9A-F]{10}$", key);

        var recordResponse = await anonymous.GetAsync((string)found["record"]!);
        Assert.True(recordResponse.IsSuccessStatusCode, $"{found["record"]}: {await recordResponse.Content.ReadAsStringAsync()}");
        var record = (await recordResponse.Content.ReadFromJsonAsync<JsonObject>())!;

        Assert.Equal(("Shenzhen Audio Co.", "CN", 3, 1), ((string)record["name"]!, (string)record["country"]!, (int)record["disputesReceived"]!, (int)record["open"]!));
        Assert.Equal((1, 1, 0), ((int)record["outcomes"]!["settled"]!, (int)record["outcomes"]!["awarded"]!, (int)record["outcomes"]!["dismissed"]!));
        var response = record["responseRate"]!;
        Assert.Equal((2, 3, 0.6667), ((int)response["numerator"]!, (int)response["denominator"]!, (double)response["value"]!));
        Assert.Contains("divided by", (string)response["formula"]!, StringComparison.Ordinal);
        var compliance = record["complianceRate"]!;
        Assert.Equal((1, 2, 0.5), ((int)compliance["numerator"]!, (int)compliance["denominator"]!, (double)compliance["value"]!));
        var quarter = record["byQuarter"]!.AsArray().Single()!;
        Assert.Equal(("2026-Q4", 3, 1, 1), ((string)quarter["quarter"]!, (int)quarter["received"]!, (int)quarter["settled"]!, (int)quarter["awardedToBuyer"]!));
        Assert.DoesNotContain("@", record.ToJsonString(), StringComparison.Ordinal);

        var page = await anonymous.GetStringAsync($"/Sellers/{key}");
        Assert.Contains("Shenzhen Audio Co.", page, StringComparison.Ordinal);
        Assert.Contains("Response rate: 66.7 %", page, StringComparison.Ordinal);
        Assert.Contains(System.Net.WebUtility.HtmlEncode(Odr.Web.Features.PublicRecords.PublicRecords.ComplianceRateFormula), page, StringComparison.Ordinal);
        var search = await factory.Browser().GetAsync("/Sellers?email=seller%40demo.odr");
        Assert.Equal(HttpStatusCode.Redirect, search.StatusCode);
        Assert.Equal($"/Sellers/{key}", search.Headers.Location!.OriginalString);
    }

    [Fact]
    public async Task PrivateAndUnknownSellers_HaveNoPublicRecord()
    {
        var anonymous = factory.CreateClient();
        var privateSeller = await anonymous.GetAsync("/api/sellers?email=seller2@demo.odr");
        Assert.Equal(HttpStatusCode.NotFound, privateSeller.StatusCode);
        Assert.Equal("application/problem+json", privateSeller.Content.Headers.ContentType!.MediaType);
        Assert.Equal(HttpStatusCode.NotFound, (await anonymous.GetAsync("/api/sellers?email=nobody@example.com")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await anonymous.GetAsync("/api/sellers/P-0000000000/record")).StatusCode);
        var missing = await anonymous.GetAsync("/api/sellers");
        Assert.Equal(HttpStatusCode.BadRequest, missing.StatusCode);
        Assert.Contains("email", await missing.ErrorFieldsAsync());
        Assert.Contains("no public record", await anonymous.GetStringAsync("/Sellers?email=seller2%40demo.odr"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Decisions_ArePublishedWithReasonsAndLaw_WithoutTheParties()
    {
        var anonymous = factory.CreateClient();
        var decisions = (await anonymous.GetFromJsonAsync<JsonObject>("/api/decisions"))!;

        var decision = decisions["items"]!.AsArray().Single()!;
        Assert.Equal((AwardedNumber, "fullRefund", "DE", Reasons), ((string)decision["caseNumber"]!, (string)decision["decision"]!,
            (string)decision["governingLaw"]!, (string)decision["reasons"]!));
        Assert.Equal(("DE", "CN"), ((string)decision["buyerCountry"]!, (string)decision["sellerCountry"]!));
        var text = decisions.ToJsonString();
        Assert.DoesNotContain("@", text, StringComparison.Ordinal);
        Assert.DoesNotContain("Shenzhen", text, StringComparison.Ordinal);
        Assert.Contains("pageSize", await (await anonymous.GetAsync("/api/decisions?pageSize=1000")).ErrorFieldsAsync());

        var page = await anonymous.GetStringAsync("/Decisions");
        Assert.Contains(AwardedNumber, page, StringComparison.Ordinal);
        Assert.Contains("the seller&#x27;s own test report shows none", page, StringComparison.Ordinal);
        Assert.DoesNotContain("Shenzhen", page, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TheRegulatorsPages_ShowFiguresAndCases_WithoutPersonalData()
    {
        var regulator = await factory.BrowserForAsync("regulator@demo.odr");

        var dashboard = await regulator.GetStringAsync("/Regulator?marketplace=ExampleMart");
        // A and B closed; C and the private seller's case were never answered and are in mediation, two deadlines missed.
        Assert.Contains("<dt>Filed</dt><dd>4 (2 open, 2 closed)</dd>", dashboard, StringComparison.Ordinal);
        Assert.Contains("<dt>Deadlines missed</dt><dd>2</dd>", dashboard, StringComparison.Ordinal);
        var bad = await regulator.GetStringAsync("/Regulator?buyerCountry=XX");
        Assert.Contains("error-summary", bad, StringComparison.Ordinal);

        var csv = await regulator.GetAsync("/Regulator?handler=Export&marketplace=ExampleMart");
        Assert.Equal("text/csv", csv.Content.Headers.ContentType!.MediaType);
        Assert.Equal(5, (await csv.Content.ReadAsStringAsync()).TrimEnd('\n').Split('\n').Length);

        var list = await regulator.GetStringAsync("/Cases");
        Assert.Contains("/Regulator/Cases/", list, StringComparison.Ordinal);
        var caseLink = System.Text.RegularExpressions.Regex.Match(list, "/Regulator/Cases/[0-9a-f-]{36}").Value;
        var casePage = await regulator.GetStringAsync(caseLink);
        Assert.Contains("Timeline", casePage, StringComparison.Ordinal);
        foreach (var page in new[] { dashboard, list, casePage })
        {
            Assert.DoesNotContain("demo.odr", page.Replace("regulator@demo.odr", "", StringComparison.Ordinal), StringComparison.Ordinal);
            Assert.DoesNotContain("Shenzhen", page, StringComparison.Ordinal);
            Assert.DoesNotContain("Bluetooth headphones", page, StringComparison.Ordinal);
            Assert.DoesNotContain("A-1001", page, StringComparison.Ordinal);
        }

        var audit = await regulator.GetStringAsync("/Regulator/Audit");
        Assert.Contains("Intact.", audit, StringComparison.Ordinal);
        var chain = await regulator.GetAsync($"/Regulator/Audit?handler=Chain&case={AwardedNumber}");
        Assert.Equal("application/json", chain.Content.Headers.ContentType!.MediaType);
        Assert.Equal(AwardedNumber, (string)JsonNode.Parse(await chain.Content.ReadAsStringAsync())!["caseNumber"]!);

        var buyer = await factory.BrowserForAsync("buyer@demo.odr");
        Assert.NotEqual(HttpStatusCode.OK, (await buyer.GetAsync("/Regulator")).StatusCode);
        Assert.NotEqual(HttpStatusCode.OK, (await buyer.GetAsync(caseLink)).StatusCode);
    }
}
