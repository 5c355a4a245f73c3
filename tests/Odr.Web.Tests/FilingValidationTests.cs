using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;

namespace Odr.Web.Tests;

public class FilingValidationTests(OdrWebFactory factory) : IClassFixture<OdrWebFactory>
{
    /// <summary>One change to the valid filing (a JSON path and its new value, null meaning removed) and the field it breaks.</summary>
    public static TheoryData<string, string?, string> BadFields => new()
    {
        { "marketplace", null, "marketplace" },
        { "marketplace", "\"   \"", "marketplace" },
        { "marketplace", $"\"{new string('m', 101)}\"", "marketplace" },
        { "orderReference", null, "orderReference" },
        { "orderDate", null, "orderDate" },
        { "orderDate", "\"2026-11-30\"", "orderDate" },
        { "orderDate", "\"1999-12-31\"", "orderDate" },
        { "orderDate", "\"yesterday\"", "orderDate" },
        { "item", "\"\"", "item" },
        { "amount", null, "amount" },
        { "amount.value", "0", "amount.value" },
        { "amount.value", "-5", "amount.value" },
        { "amount.value", "59.999", "amount.value" },
        { "amount.value", "\"lots\"", "amount.value" },
        { "amount.value", "1e30", "amount.value" },
        { "amount.currency", "\"EURO\"", "amount.currency" },
        { "amount.currency", "\"XXX\"", "amount.currency" },
        { "amount.currency", null, "amount.currency" },
        { "buyer", null, "buyer" },
        { "buyer.country", "\"ZZ\"", "buyer.country" },
        { "buyer.type", null, "buyer.type" },
        { "buyer.type", "\"company\"", "buyer.type" },
        { "seller", null, "seller" },
        { "seller.name", null, "seller.name" },
        { "seller.email", "\"not-an-address\"", "seller.email" },
        { "seller.country", "\"Germany\"", "seller.country" },
        { "seller.type", "\"consumer\"", "seller.type" },
        { "seller.directsToBuyerCountry", "\"maybe\"", "seller.directsToBuyerCountry" },
        { "claimType", null, "claimType" },
        { "claimType", "\"lost\"", "claimType" },
        { "claimType", "3", "claimType" },
        { "description", "\"\"", "description" },
        { "description", $"\"{new string('d', 10_001)}\"", "description" },
        { "remedy", null, "remedy.type" },
        { "remedy.type", "\"everything\"", "remedy.type" },
        { "language", "\"fr\"", "language" },
        { "choiceOfLaw", "\"Chinese law\"", "choiceOfLaw" },
        { "consentToArbitration", "\"yes\"", "consentToArbitration" },
    };

    [Theory]
    [MemberData(nameof(BadFields))]
    public async Task FileCase_WithOneBadField_Returns400NamingItAndSavesNothing(string path, string? json, string expectedField)
    {
        var buyer = await factory.ClientForAsync("buyer@demo.odr");
        var before = await CountAsync(buyer);
        var filing = Filings.Valid();
        Set(filing, path, json);

        var response = await buyer.PostAsync("/api/cases", new StringContent(filing.ToJsonString(), Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType!.MediaType);
        Assert.Contains(expectedField, await response.ErrorFieldsAsync());
        Assert.Equal(before, await CountAsync(buyer));
    }

    [Fact]
    public async Task FileCase_WithManyBadFields_NamesEachOfThem()
    {
        var buyer = await factory.ClientForAsync("buyer@demo.odr");
        var filing = Filings.Valid();
        filing.Remove("marketplace");
        filing["buyer"]!["country"] = "QQ";
        filing["seller"]!["email"] = "nobody";
        filing["remedy"] = JsonNode.Parse("""{ "type": "partialRefund", "amount": { "value": 80, "currency": "EUR" } }""");

        var response = await buyer.PostAsJsonAsync("/api/cases", filing);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var fields = await response.ErrorFieldsAsync();
        Assert.Superset(new HashSet<string> { "marketplace", "buyer.country", "seller.email", "remedy.amount" }, fields);
    }

    [Fact]
    public async Task FileCase_PartialRefundWithinTheAmountPaid_IsAccepted()
    {
        var buyer = await factory.ClientForAsync("buyer@demo.odr");
        var filing = Filings.Valid();
        filing["remedy"] = JsonNode.Parse("""{ "type": "partialRefund", "amount": { "value": 20.5, "currency": "EUR" } }""");

        var created = await Filings.FileAsync(buyer, filing);

        Assert.Equal(20.5m, (decimal)created["remedy"]!["amount"]!["value"]!);
    }

    [Theory]
    [InlineData("{")]
    [InlineData("[]")]
    [InlineData("\"a string\"")]
    [InlineData("not json at all")]
    public async Task FileCase_WithAMalformedBody_Returns400ProblemDetails(string body)
    {
        var buyer = await factory.ClientForAsync("buyer@demo.odr");
        var response = await buyer.PostAsync("/api/cases", new StringContent(body, Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType!.MediaType);
    }

    [Fact]
    public async Task FileCase_WithAnEmptyBody_Returns400()
    {
        var buyer = await factory.ClientForAsync("buyer@demo.odr");
        var response = await buyer.PostAsync("/api/cases", new StringContent("", Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    private static async Task<int> CountAsync(HttpClient client) =>
        (int)(await client.GetFromJsonAsync<JsonObject>("/api/cases"))!["totalCount"]!;

    private static void Set(JsonObject root, string path, string? json)
    {
        var parts = path.Split('.');
        var parent = parts[..^1].Aggregate(root, (node, part) => node[part]!.AsObject());
        if (json is null)
        {
            parent.Remove(parts[^1]);
        }
        else
        {
            parent[parts[^1]] = JsonNode.Parse(json);
        }
    }

    /// <summary>
    /// The header-injection reproduction and its kin: every one-line field refuses line breaks, other control characters
    /// and bidi overrides or isolates with a 400 naming it; nothing is saved. (PlainText's rule, read by OdrJson.)
    /// </summary>
    [Theory]
    [InlineData("orderReference", "A-1001\r\nBcc: x@evil.example", "orderReference")]
    [InlineData("marketplace", "Example\u0085Mart", "marketplace")]
    [InlineData("item", "Headphones\tblue", "item")]
    [InlineData("seller.name", "Shenzhen \u202EoC oiduA", "seller.name")]
    [InlineData("seller.email", "seller@demo.odr\nBcc: x@evil.example", "seller.email")]
    [InlineData("description", "Paid \u2066on 1 October", "description")]
    public async Task FileCase_WithControlOrBidiCharactersInAField_Returns400NamingIt(string path, string value, string expectedField)
    {
        var buyer = await factory.ClientForAsync("buyer@demo.odr");
        var before = await CountAsync(buyer);
        var filing = Filings.Valid();
        Set(filing, path, JsonValue.Create(value).ToJsonString());

        var response = await buyer.PostAsync("/api/cases", new StringContent(filing.ToJsonString(), Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains(expectedField, await response.ErrorFieldsAsync());
        Assert.Equal(before, await CountAsync(buyer));
    }

    /// <summary>Running text keeps its line breaks; only the one-line fields refuse them.</summary>
    [Fact]
    public async Task FileCase_WithLineBreaksInTheDescription_IsAccepted()
    {
        var buyer = await factory.ClientForAsync("buyer@demo.odr");
        var filing = Filings.Valid();
        filing["description"] = "Paid on 1 October.\r\nTracking shows no movement since 3 October.\n\tStill nothing.";

        var created = await Filings.FileAsync(buyer, filing);

        Assert.Contains("\n", (string)created["description"]!, StringComparison.Ordinal);
    }

    /// <summary>
    /// An address whose local part is not ASCII cannot be carried by a server without SMTPUTF8: refused at filing and at
    /// registration (API and page), naming the field, instead of accepted and then never delivered.
    /// </summary>
    [Fact]
    public async Task AnEmailAddressWithANonAsciiLocalPart_IsRefusedAtFilingAndRegistration_NamingTheField()
    {
        var buyer = await factory.ClientForAsync("buyer@demo.odr");
        var before = await CountAsync(buyer);
        var filing = Filings.Valid("张伟@example.com");
        var filed = await buyer.PostAsJsonAsync("/api/cases", filing);
        Assert.Equal(HttpStatusCode.BadRequest, filed.StatusCode);
        Assert.Contains("seller.email", await filed.ErrorFieldsAsync());
        Assert.Equal(before, await CountAsync(buyer));

        var registered = await factory.CreateClient().PostAsJsonAsync("/api/auth/register", new { email = "zhāng@example.com", password = "Odr-demo-2026!" });
        Assert.Equal(HttpStatusCode.BadRequest, registered.StatusCode);
        Assert.Contains("email", await registered.ErrorFieldsAsync());

        var browser = factory.Browser();
        var token = await OdrWebFactory.FormTokenAsync(browser, "/Account/Register");
        var page = await browser.PostAsync("/Account/Register", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["email"] = "zhāng@example.com", ["password"] = "Odr-demo-2026!", ["__RequestVerificationToken"] = token,
        }));
        Assert.Contains("ASCII", await page.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    /// <summary>The filing form is under the same rule: a line break in the order reference is a 400 page naming the field.</summary>
    [Fact]
    public async Task TheFilingForm_WithALineBreakInTheOrderReference_Is400NamingIt_AndSavesNothing()
    {
        var buyer = await factory.ClientForAsync("buyer@demo.odr");
        var before = await CountAsync(buyer);
        var browser = await factory.BrowserForAsync("buyer@demo.odr");
        var token = await OdrWebFactory.FormTokenAsync(browser, "/Cases/File");

        var response = await browser.PostAsync("/Cases/File", new MultipartFormDataContent
        {
            { new StringContent("ExampleMart"), "marketplace" },
            { new StringContent("A-1001\r\nBcc: x@evil.example"), "orderReference" },
            { new StringContent("2026-10-01"), "orderDate" },
            { new StringContent("Headphones"), "item" },
            { new StringContent(token), "__RequestVerificationToken" },
        });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("orderReference", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(before, await CountAsync(buyer));
    }
}
