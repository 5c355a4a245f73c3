using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using MimeKit;
using Odr.Web.Features.Marketplaces;

namespace Odr.Web.Tests;

/// <summary>Marketplaces through the public contract: registration, the client credentials grant, filing, and who may call what.</summary>
public class MarketplaceTests(OdrWebFactory factory) : IClassFixture<OdrWebFactory>
{
    private async Task<JsonObject> RegisterAsync(string name)
    {
        var admin = await factory.ClientForAsync("admin@demo.odr");
        var response = await admin.PostAsJsonAsync("/api/admin/marketplaces", new { name, webhookUrl = "https://hooks.example.com/odr" });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<JsonObject>())!;
    }

    private async Task<HttpResponseMessage> RequestTokenAsync(string clientId, string clientSecret, string? scope = null)
    {
        var form = new Dictionary<string, string> { ["grant_type"] = "client_credentials", ["client_id"] = clientId, ["client_secret"] = clientSecret };
        if (scope is not null)
        {
            form["scope"] = scope;
        }
        return await factory.CreateClient().PostAsync("/connect/token", new FormUrlEncodedContent(form));
    }

    private async Task<HttpClient> MarketplaceClientAsync(JsonObject registered, string? scope = null)
    {
        var response = await RequestTokenAsync((string)registered["clientId"]!, (string)registered["clientSecret"]!, scope);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var token = (await response.Content.ReadFromJsonAsync<JsonObject>())!;
        Assert.Equal("Bearer", (string)token["token_type"]!, ignoreCase: true);
        Assert.True((int)token["expires_in"]! > 0);
        var client = factory.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", (string)token["access_token"]!);
        return client;
    }

    private static JsonObject Filing(string buyerEmail, string orderReference = "MP-1")
    {
        var filing = Filings.Valid();
        filing["orderReference"] = orderReference;
        filing["buyer"]!["email"] = buyerEmail;
        filing["buyer"]!["name"] = "Anna Buyer";
        filing["seller"]!["accountId"] = "seller-4711";
        return filing;
    }

    private static Task<HttpResponseMessage> FileAsync(HttpClient client, JsonObject filing, string? key)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/marketplace/cases") { Content = JsonContent.Create(filing) };
        if (key is not null)
        {
            request.Headers.Add("Idempotency-Key", key);
        }
        return client.SendAsync(request);
    }

    [Fact]
    public async Task Register_WhenAdmin_ShowsSecretsOnceAndListsWithoutThem()
    {
        var registered = await RegisterAsync("ListMart");
        Assert.StartsWith("whsec_", (string)registered["webhookSecret"]!);
        Assert.Equal(32, Convert.FromBase64String(((string)registered["webhookSecret"]!)["whsec_".Length..]).Length);

        var admin = await factory.ClientForAsync("admin@demo.odr");
        var listed = await admin.GetStringAsync("/api/admin/marketplaces");
        Assert.Contains("ListMart", listed);
        Assert.DoesNotContain((string)registered["clientSecret"]!, listed);
        Assert.DoesNotContain((string)registered["webhookSecret"]!, listed);
    }

    [Theory]
    [InlineData("", "https://hooks.example.com/x", "name")]
    [InlineData("BadUrlMart", "not a url", "webhookUrl")]
    [InlineData("PlainHttpMart", "http://hooks.example.com/x", "webhookUrl")]
    [InlineData("RelativeMart", "/hooks", "webhookUrl")]
    [InlineData("NoUrlMart", null, "webhookUrl")]
    public async Task Register_WhenInputIsBad_Answers400NamingTheField(string name, string? webhookUrl, string field)
    {
        var admin = await factory.ClientForAsync("admin@demo.odr");
        var response = await admin.PostAsJsonAsync("/api/admin/marketplaces", new { name, webhookUrl });
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains(field, await response.ErrorFieldsAsync());
    }

    [Fact]
    public async Task Register_WhenLoopbackHttpInDevelopment_IsAccepted()
    {
        var admin = await factory.ClientForAsync("admin@demo.odr");
        var response = await admin.PostAsJsonAsync("/api/admin/marketplaces", new { name = "LoopMart", webhookUrl = "http://127.0.0.1:9/hooks" });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
    }

    [Fact]
    public async Task Register_WhenNotAdmin_IsForbidden()
    {
        var buyer = await factory.ClientForAsync("buyer@demo.odr");
        var response = await buyer.PostAsJsonAsync("/api/admin/marketplaces", new { name = "SneakyMart", webhookUrl = "https://x.example/h" });
        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
    }

    [Fact]
    public async Task Token_WhenSecretIsWrong_IsInvalidClient()
    {
        var registered = await RegisterAsync("WrongSecretMart");
        var response = await RequestTokenAsync((string)registered["clientId"]!, "not-the-secret");
        Assert.True(response.StatusCode is HttpStatusCode.BadRequest or HttpStatusCode.Unauthorized, response.StatusCode.ToString());
        Assert.Equal("invalid_client", (string)(await response.Content.ReadFromJsonAsync<JsonObject>())!["error"]!);
    }

    [Fact]
    public async Task RotateSecrets_WhenDone_OldClientSecretStopsAndNewOneWorks()
    {
        var registered = await RegisterAsync("RotateMart");
        var admin = await factory.ClientForAsync("admin@demo.odr");
        var rotated = (await (await admin.PostAsync($"/api/admin/marketplaces/{registered["id"]}/secrets", null)).Content.ReadFromJsonAsync<JsonObject>())!;
        Assert.NotEqual((string)registered["webhookSecret"]!, (string)rotated["webhookSecret"]!);

        var old = await RequestTokenAsync((string)registered["clientId"]!, (string)registered["clientSecret"]!);
        Assert.Equal("invalid_client", (string)(await old.Content.ReadFromJsonAsync<JsonObject>())!["error"]!);
        await MarketplaceClientAsync(rotated);
        Assert.Equal(HttpStatusCode.NotFound, (await admin.PostAsync($"/api/admin/marketplaces/{Guid.NewGuid()}/secrets", null)).StatusCode);
    }

    [Fact]
    public async Task File_WhenNew_CreatesVerifiedCaseAndInvitesTheBuyer_AndTheSameKeyAnswersTheSameCase()
    {
        var registered = await RegisterAsync("FileMart");
        var marketplace = await MarketplaceClientAsync(registered);
        var mailBefore = MailFiles();

        var first = await FileAsync(marketplace, Filing("invited.buyer@example.com"), "order-MP-1");
        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        var filed = (await first.Content.ReadFromJsonAsync<JsonObject>())!;
        Assert.Equal("marketplace", (string)filed["filedBy"]!);
        Assert.Equal("FileMart", (string)filed["seller"]!["verifiedBy"]!);
        Assert.Equal("seller-4711", (string)filed["seller"]!["accountId"]!);
        Assert.Equal("awaitingResponse", (string)filed["stage"]!);
        Assert.Null(filed["description"]); // never the parties' words, chat or evidence

        var again = await FileAsync(marketplace, Filing("invited.buyer@example.com"), "order-MP-1");
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        Assert.Equal((string)filed["id"]!, (string)(await again.Content.ReadFromJsonAsync<JsonObject>())!["id"]!);

        var otherBody = await FileAsync(marketplace, Filing("invited.buyer@example.com", orderReference: "MP-2"), "order-MP-1");
        Assert.Equal(HttpStatusCode.UnprocessableEntity, otherBody.StatusCode);
        Assert.Contains("Idempotency-Key", await otherBody.ErrorFieldsAsync());

        await factory.DrainWorkflowsAsync(); // the invitation goes through the case's outbox
        var invitation = Assert.Single(MailFiles().Except(mailBefore).Select(f => MimeMessage.Load(f)),
            m => m.To.Mailboxes.Single().Address == "invited.buyer@example.com");
        Assert.Contains((string)filed["number"]!, invitation.Subject);
        Assert.Contains("http://localhost:5080/Account/ConfirmEmail?userId=", invitation.TextBody);

        var read = await marketplace.GetFromJsonAsync<JsonObject>($"/api/marketplace/cases/{filed["id"]}");
        Assert.Equal((string)filed["number"]!, (string)read!["number"]!);
    }

    [Fact]
    public async Task File_WhenInputIsBad_Answers400NamingEachField()
    {
        var marketplace = await MarketplaceClientAsync(await RegisterAsync("BadInputMart"));
        var noKey = await FileAsync(marketplace, Filing("someone@example.com"), key: null);
        Assert.Equal(HttpStatusCode.BadRequest, noKey.StatusCode);
        Assert.Contains("Idempotency-Key", await noKey.ErrorFieldsAsync());

        var filing = Filing("someone@example.com");
        filing["buyer"]!["email"] = "not an address";
        filing["buyer"]!.AsObject().Remove("name");
        filing["seller"]!.AsObject().Remove("accountId");
        filing["amount"] = null;
        var bad = await FileAsync(marketplace, filing, "bad-1");
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        var fields = await bad.ErrorFieldsAsync();
        Assert.Superset(new HashSet<string> { "buyer.email", "buyer.name", "seller.accountId", "amount" }, fields);

        var wrongType = new HttpRequestMessage(HttpMethod.Post, "/api/marketplace/cases") { Content = new StringContent("""{"amount": "lots"}""", System.Text.Encoding.UTF8, "application/json") };
        wrongType.Headers.Add("Idempotency-Key", "bad-2");
        var typed = await marketplace.SendAsync(wrongType);
        Assert.Equal(HttpStatusCode.BadRequest, typed.StatusCode);
    }

    [Fact]
    public async Task GetCase_WhenAnotherMarketplaceFiledIt_IsNotFound()
    {
        var owner = await MarketplaceClientAsync(await RegisterAsync("OwnerMart"));
        var other = await MarketplaceClientAsync(await RegisterAsync("OtherMart"));
        var filed = (await (await FileAsync(owner, Filing("owner.buyer@example.com"), "k-1")).Content.ReadFromJsonAsync<JsonObject>())!;

        Assert.Equal(HttpStatusCode.OK, (await owner.GetAsync($"/api/marketplace/cases/{filed["id"]}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await other.GetAsync($"/api/marketplace/cases/{filed["id"]}")).StatusCode);
        // A case filed by a buyer directly is nobody's marketplace case either.
        var direct = await Filings.FileAsync(await factory.ClientForAsync("buyer@demo.odr"));
        Assert.Equal(HttpStatusCode.NotFound, (await owner.GetAsync($"/api/marketplace/cases/{direct["id"]}")).StatusCode);
    }

    [Fact]
    public async Task Tokens_WhenUsedOnTheOtherApi_AreRefused()
    {
        var registered = await RegisterAsync("BoundaryMart");
        var marketplace = await MarketplaceClientAsync(registered);
        var person = await factory.ClientForAsync("buyer@demo.odr");

        Assert.Equal(HttpStatusCode.Unauthorized, (await marketplace.GetAsync("/api/cases")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await marketplace.PostAsJsonAsync("/api/cases", Filings.Valid())).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await marketplace.GetAsync("/api/admin/marketplaces")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await FileAsync(person, Filing("x@example.com"), "k")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await person.GetAsync($"/api/marketplace/cases/{Guid.NewGuid()}")).StatusCode);
        // The person API still works with the person's token.
        Assert.Equal(HttpStatusCode.OK, (await person.GetAsync("/api/cases")).StatusCode);

        // A token without the filing scope cannot file.
        var readOnly = await MarketplaceClientAsync(registered, scope: MarketplaceScopes.ReadCases);
        Assert.Equal(HttpStatusCode.Forbidden, (await FileAsync(readOnly, Filing("y@example.com"), "k2")).StatusCode);
    }

    [Fact]
    public async Task AdminPage_WhenRegistering_ShowsTheSecretsOnceAndListsTheMarketplace()
    {
        var browser = await factory.BrowserForAsync("admin@demo.odr");
        var registered = await browser.PostAsync("/Admin?handler=RegisterMarketplace", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["name"] = "PageMart", ["webhookUrl"] = "https://pagemart.example/hooks",
            ["__RequestVerificationToken"] = await OdrWebFactory.FormTokenAsync(browser, "/Admin"),
        }));
        Assert.Equal(HttpStatusCode.OK, registered.StatusCode);
        // Decoded: the page writes a secret's '+' as "&#x2B;", and one starting with it matched nothing (1 run in 64).
        var page = System.Net.WebUtility.HtmlDecode(await registered.Content.ReadAsStringAsync());
        var secret = System.Text.RegularExpressions.Regex.Match(page, "whsec_[A-Za-z0-9+/=]+").Value;
        Assert.NotEmpty(secret);

        var later = System.Net.WebUtility.HtmlDecode(await browser.GetStringAsync("/Admin"));
        Assert.Contains("PageMart", later);
        Assert.DoesNotContain(secret, later); // shown once

        var refused = await browser.PostAsync("/Admin?handler=RegisterMarketplace", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["name"] = "PlainMart", ["webhookUrl"] = "http://plainmart.example/hooks",
            ["__RequestVerificationToken"] = await OdrWebFactory.FormTokenAsync(browser, "/Admin"),
        }));
        Assert.Contains("must use https", await refused.Content.ReadAsStringAsync());
    }

    private string[] MailFiles() => Directory.GetFiles(Path.Combine(factory.DataDirectory, "mail"), "*.eml");
}
