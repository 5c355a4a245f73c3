using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;

namespace Odr.Web.Tests;

public class FilingApiTests(OdrWebFactory factory) : IClassFixture<OdrWebFactory>
{
    [Fact]
    public async Task FileCase_WhenValid_Returns201WithLocationAndTheCaseAwaitingResponse()
    {
        var buyer = await factory.ClientForAsync("buyer@demo.odr");

        var response = await buyer.PostAsJsonAsync("/api/cases", Filings.Valid());

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var body = (await response.Content.ReadFromJsonAsync<JsonObject>())!;
        Assert.Equal($"/api/cases/{body["id"]}", response.Headers.Location!.OriginalString);
        Assert.Matches(@"^ODR-2026-\d{6}$", (string)body["number"]!);
        Assert.Equal("awaitingResponse", (string)body["stage"]!);
        Assert.Equal(factory.Clock.GetUtcNow().AddDays(7), DateTimeOffset.Parse((string)body["deadline"]!, System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal(59.90m, (decimal)body["amount"]!["value"]!);
        Assert.Equal("EUR", (string)body["amount"]!["currency"]!);
        Assert.Equal("business", (string)body["seller"]!["type"]!);
        Assert.Equal("fullRefund", (string)body["remedy"]!["type"]!);
        Assert.True((bool)body["consent"]!["buyer"]!);
        Assert.Null(body["consent"]!["seller"]);
        Assert.Equal("buyer", (string)body["viewerRole"]!);
    }

    [Fact]
    public async Task GetCase_IsVisibleToTheBuyerAndTheSellerOnly_AndPseudonymisedToRegulators()
    {
        var buyer = await factory.ClientForAsync("buyer@demo.odr");
        var filed = await Filings.FileAsync(buyer);
        var url = $"/api/cases/{filed["id"]}";

        var seller = await factory.ClientForAsync("seller@demo.odr");
        var asSeller = await seller.GetFromJsonAsync<JsonObject>(url);
        Assert.Equal("seller", (string)asSeller!["viewerRole"]!);
        Assert.Equal((string)filed["number"]!, (string)asSeller["number"]!);

        foreach (var stranger in new[] { "buyer2@demo.odr", "seller2@demo.odr", "mediator@demo.odr" })
        {
            var client = await factory.ClientForAsync(stranger);
            Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync(url)).StatusCode);
            Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync(url + "/events")).StatusCode);
        }
        var regulator = await factory.ClientForAsync("regulator@demo.odr");
        var asRegulator = await regulator.GetStringAsync(url);
        Assert.Contains("\"viewerRole\":\"regulator\"", asRegulator, StringComparison.Ordinal);
        Assert.DoesNotContain("demo.odr", asRegulator, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("Shenzhen Audio", asRegulator, StringComparison.Ordinal);
        Assert.DoesNotContain("tracking shows no movement", asRegulator, StringComparison.Ordinal);
        Assert.DoesNotContain("A-1001", asRegulator, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, (await regulator.GetAsync(url + "/events")).StatusCode);

        Assert.Equal(HttpStatusCode.Unauthorized, (await factory.CreateClient().GetAsync(url)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await buyer.GetAsync($"/api/cases/{Guid.NewGuid()}")).StatusCode);
    }

    [Fact]
    public async Task ListCases_ShowsEachPartyItsOwnCasesPaged()
    {
        var buyer2 = await factory.ClientForAsync("buyer2@demo.odr");
        for (var i = 0; i < 3; i++)
        {
            await Filings.FileAsync(buyer2, Filings.Valid("seller2@demo.odr"));
        }

        var page = await buyer2.GetFromJsonAsync<JsonObject>("/api/cases?page=1&pageSize=2");
        Assert.Equal(3, (int)page!["totalCount"]!);
        Assert.Equal(2, page["items"]!.AsArray().Count);
        var next = await buyer2.GetFromJsonAsync<JsonObject>("/api/cases?page=2&pageSize=2");
        Assert.Single(next!["items"]!.AsArray());

        var seller2 = await factory.ClientForAsync("seller2@demo.odr");
        var sellerView = await seller2.GetFromJsonAsync<JsonObject>("/api/cases?pageSize=100");
        Assert.All(sellerView!["items"]!.AsArray(), c => Assert.Equal("seller", (string)c!["viewerRole"]!));
        Assert.Equal(3, (int)sellerView["totalCount"]!);

        var mediator = await factory.ClientForAsync("mediator@demo.odr");
        Assert.Equal(0, (int)(await mediator.GetFromJsonAsync<JsonObject>("/api/cases"))!["totalCount"]!);

        var bad = await buyer2.GetAsync("/api/cases?page=0&pageSize=1000");
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.Equal(["page", "pageSize"], (await bad.ErrorFieldsAsync()).Order());
    }

    [Fact]
    public async Task FileCase_WhenNotABuyer_IsForbidden()
    {
        foreach (var account in new[] { "seller@demo.odr", "mediator@demo.odr", "regulator@demo.odr" })
        {
            var client = await factory.ClientForAsync(account);
            Assert.Equal(HttpStatusCode.Forbidden, (await client.PostAsJsonAsync("/api/cases", Filings.Valid())).StatusCode);
        }
        Assert.Equal(HttpStatusCode.Unauthorized, (await factory.CreateClient().PostAsJsonAsync("/api/cases", Filings.Valid())).StatusCode);
    }

    [Fact]
    public async Task FileCase_AgainstOnesOwnAddress_IsRefused()
    {
        var buyer = await factory.ClientForAsync("buyer@demo.odr");
        var response = await buyer.PostAsJsonAsync("/api/cases", Filings.Valid("BUYER@demo.odr"));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("seller.email", await response.ErrorFieldsAsync());
    }

    [Fact]
    public async Task CaseNumbers_AreSequentialAndRejectedFilingsUseNone()
    {
        var buyer = await factory.ClientForAsync("buyer@demo.odr");
        var first = await Filings.FileAsync(buyer);
        var invalid = Filings.Valid();
        invalid["amount"]!["currency"] = "XXX";
        Assert.Equal(HttpStatusCode.BadRequest, (await buyer.PostAsJsonAsync("/api/cases", invalid)).StatusCode);
        var selfFiled = Filings.Valid("buyer@demo.odr"); // passes validation, refused inside the filing transaction
        Assert.Equal(HttpStatusCode.BadRequest, (await buyer.PostAsJsonAsync("/api/cases", selfFiled)).StatusCode);
        var second = await Filings.FileAsync(buyer);

        static int Sequence(JsonObject c) => int.Parse(((string)c["number"]!)[9..], System.Globalization.CultureInfo.InvariantCulture);
        Assert.Equal(Sequence(first) + 1, Sequence(second));
    }

    [Fact]
    public async Task CaseNumbers_UnderConcurrentFilings_AreUniqueAndGapFree()
    {
        var buyer = await factory.ClientForAsync("buyer@demo.odr");
        var before = await Filings.FileAsync(buyer);
        var filed = await Task.WhenAll(Enumerable.Range(0, 12).Select(_ => Filings.FileAsync(buyer)));
        var numbers = filed.Select(c => (string)c["number"]!).Order(StringComparer.Ordinal).ToList();
        var start = int.Parse(((string)before["number"]!)[9..], System.Globalization.CultureInfo.InvariantCulture);
        Assert.Equal(Enumerable.Range(start + 1, 12).Select(n => $"ODR-2026-{n:D6}"), numbers);
    }

    [Fact]
    public async Task Events_StartWithFiledAndChainTheirHashes()
    {
        var buyer = await factory.ClientForAsync("buyer@demo.odr");
        var filed = await Filings.FileAsync(buyer);

        var events = await buyer.GetFromJsonAsync<JsonArray>($"/api/cases/{filed["id"]}/events");

        Assert.Equal(["filed", "governingLawSuggested"], events!.Select(e => (string)e!["type"]!));
        var first = events![0]!.AsObject();
        Assert.Equal(1, (int)first["seq"]!);
        Assert.Equal("filed", (string)first["type"]!);
        Assert.Equal("buyer", (string)first["actorRole"]!);
        Assert.Equal(new string('0', 64), (string)first["previousHash"]!);
        Assert.Equal((string)filed["number"]!, (string)first["data"]!["number"]!);
        Assert.Matches("^[0-9a-f]{64}$", (string)first["hash"]!);
        Assert.Equal((string)first["hash"]!, (string)events[1]!["previousHash"]!);
        Assert.Equal("CN", (string)events[1]!["data"]!["law"]!);
    }
}
