using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Odr.Web.Features.Marketplaces;

namespace Odr.Web.Tests;

/// <summary>Signed webhooks to a real receiver on loopback: order, retries, dead letters, redelivery, rotation.</summary>
public class WebhookTests(OdrWebFactory factory) : IClassFixture<OdrWebFactory>
{
    private static readonly TimeSpan Tolerance = TimeSpan.FromMinutes(5);

    /// <summary>A registered marketplace; <see cref="ClientAsync"/> gets a fresh token each time (the tests' clock moves past an hour's tokens).</summary>
    private sealed record Marketplace(OdrWebFactory Factory, string Id, string ClientId, string ClientSecret, string WebhookSecret)
    {
        public async Task<HttpClient> ClientAsync()
        {
            var token = await Factory.CreateClient().PostAsync("/connect/token", new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["grant_type"] = "client_credentials", ["client_id"] = ClientId, ["client_secret"] = ClientSecret,
            }));
            Assert.Equal(HttpStatusCode.OK, token.StatusCode);
            var client = Factory.CreateClient();
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer",
                (string)(await token.Content.ReadFromJsonAsync<JsonObject>())!["access_token"]!);
            return client;
        }
    }

    private async Task<Marketplace> RegisterAsync(string name, string webhookUrl)
    {
        var admin = await factory.ClientForAsync("admin@demo.odr");
        var response = await admin.PostAsJsonAsync("/api/admin/marketplaces", new { name, webhookUrl });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var registered = (await response.Content.ReadFromJsonAsync<JsonObject>())!;
        return new Marketplace(factory, (string)registered["id"]!, (string)registered["clientId"]!, (string)registered["clientSecret"]!,
            (string)registered["webhookSecret"]!);
    }

    private static async Task<JsonObject> FileAsync(Marketplace marketplace, string key)
    {
        var filing = Filings.Valid();
        filing["orderReference"] = key;
        filing["buyer"]!["email"] = $"{key}@buyers.example.com";
        filing["buyer"]!["name"] = "Webhook Buyer";
        filing["seller"]!["accountId"] = "s-1";
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/marketplace/cases") { Content = JsonContent.Create(filing) };
        request.Headers.Add("Idempotency-Key", key);
        var response = await (await marketplace.ClientAsync()).SendAsync(request);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<JsonObject>())!;
    }

    private Task<int> DeliverAsync() => factory.Services.GetRequiredService<WebhookDispatcher>().DrainAsync();

    private async Task SettleAsync(JsonObject filed)
    {
        var seller = await factory.ClientForAsync("seller@demo.odr");
        var response = await seller.PostAsJsonAsync($"/api/cases/{filed["id"]}/response",
            new { action = "accept", statement = "Refund on its way.", consentToArbitration = true });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        await factory.DrainWorkflowsAsync();
    }

    private static void AssertSigned(WebhookReceiver.Request request, string secret) =>
        Assert.True(WebhookSecrets.Verify(secret, request.WebhookId, request.Timestamp, request.Body, request.Signature,
            request.ReceivedAt, Tolerance), $"bad signature on {request.WebhookId}");

    private WebhookReceiver Receiver(bool down = false) => new(() => factory.Clock.GetUtcNow()) { Down = down };

    [Fact]
    public async Task Filing_WhenReceiverIsUp_DeliversSignedCaseFiled()
    {
        using var receiver = Receiver();
        var marketplace = await RegisterAsync("HookMart", receiver.Url);
        var filed = await FileAsync(marketplace, "W-1");

        Assert.Equal(1, await DeliverAsync());
        var delivered = Assert.Single(receiver.Requests);
        AssertSigned(delivered, marketplace.WebhookSecret);
        Assert.StartsWith("msg_", delivered.WebhookId);
        var body = JsonNode.Parse(delivered.Body)!;
        Assert.Equal("case.filed", (string)body["type"]!);
        Assert.Equal((string)filed["number"]!, (string)body["data"]!["number"]!);
        Assert.Equal("W-1", (string)body["data"]!["orderReference"]!);
        Assert.Equal("awaitingResponse", (string)body["data"]!["stage"]!);
        Assert.Equal(59.90m, (decimal)body["data"]!["amount"]!["value"]!);
        Assert.Equal(0, await DeliverAsync()); // delivered once
    }

    [Fact]
    public async Task Receiver_WhenDownForAWhile_GetsEveryEventOnceBackInOrderWithTheSameIds()
    {
        using var receiver = Receiver(down: true);
        var marketplace = await RegisterAsync("DownMart", receiver.Url);
        var filed = await FileAsync(marketplace, "W-2");
        await SettleAsync(filed);

        await DeliverAsync();
        for (var i = 0; i < 6; i++)
        {
            factory.Clock.Advance(TimeSpan.FromMinutes(10));
            await DeliverAsync();
        }
        // Only the first of the case's deliveries was tried: the later ones wait for it, so none arrives out of order.
        Assert.NotEmpty(receiver.Requests);
        Assert.Single(receiver.Requests.Select(r => r.WebhookId).Distinct());
        var log = (await (await marketplace.ClientAsync()).GetFromJsonAsync<JsonArray>($"/api/marketplace/webhook-deliveries?caseId={filed["id"]}"))!;
        var first = log.Single(d => (int)d!["seq"]! == 1)!;
        Assert.Equal("pending", (string)first["status"]!);
        Assert.Equal(receiver.Requests.Count, ((JsonArray)first["attemptLog"]!).Count);
        Assert.All((JsonArray)first["attemptLog"]!, a => Assert.Equal(503, (int)a!["statusCode"]!));

        receiver.Down = false;
        factory.Clock.Advance(TimeSpan.FromHours(1));
        await DeliverAsync();

        var accepted = receiver.Accepted;
        var types = accepted.Select(r => (string)JsonNode.Parse(r.Body)!["type"]!).ToList();
        Assert.Equal("case.filed", types[0]);
        Assert.Contains("case.settled", types);
        Assert.Equal(log.Count, accepted.Count);
        Assert.Equal(accepted.Count, accepted.Select(r => r.WebhookId).Distinct().Count()); // each event once
        // In the order the case raised them, and the retried one kept its id.
        var bySeq = log.OrderBy(d => (int)d!["seq"]!).Select(d => (string)d!["webhookId"]!).ToList();
        Assert.Equal(bySeq, accepted.Select(r => r.WebhookId).ToList());
        Assert.Equal(receiver.Requests.First().WebhookId, accepted[0].WebhookId);
        Assert.All(receiver.Requests, r => AssertSigned(r, marketplace.WebhookSecret));
    }

    [Fact]
    public async Task Delivery_WhenFailingFor24Hours_IsDeadLetteredShownToAdminsAndRedeliverable()
    {
        using var receiver = Receiver(down: true);
        var marketplace = await RegisterAsync("DeadMart", receiver.Url);
        var filed = await FileAsync(marketplace, "W-3");
        await DeliverAsync();
        for (var hours = 0; hours < 25; hours++)
        {
            factory.Clock.Advance(TimeSpan.FromHours(1));
            await DeliverAsync();
        }
        var admin = await factory.ClientForAsync("admin@demo.odr");
        var deadLetters = (await admin.GetFromJsonAsync<JsonArray>("/api/admin/marketplaces/webhook-deliveries/dead-letters"))!;
        var dead = deadLetters.Single(d => (string)d!["caseId"]! == (string)filed["id"]!)!;
        Assert.Equal("DeadMart", (string)dead["marketplace"]!);
        Assert.Equal("deadLettered", (string)dead["status"]!);
        var tries = receiver.Requests.Count;
        factory.Clock.Advance(TimeSpan.FromHours(5));
        await DeliverAsync();
        Assert.Equal(tries, receiver.Requests.Count); // not tried any more

        // Another marketplace cannot touch it; its own can redeliver once the receiver is back.
        var other = await RegisterAsync("NosyMart", "https://nosy.example.com/hooks");
        Assert.Equal(HttpStatusCode.NotFound, (await (await other.ClientAsync()).PostAsync($"/api/marketplace/webhook-deliveries/{dead["id"]}/redeliver", null)).StatusCode);
        Assert.Empty((await (await other.ClientAsync()).GetFromJsonAsync<JsonArray>("/api/marketplace/webhook-deliveries"))!);
        receiver.Down = false;
        Assert.Equal(HttpStatusCode.NoContent, (await (await marketplace.ClientAsync()).PostAsync($"/api/marketplace/webhook-deliveries/{dead["id"]}/redeliver", null)).StatusCode);
        await DeliverAsync();
        var redelivered = Assert.Single(receiver.Accepted);
        Assert.Equal((string)dead["webhookId"]!, redelivered.WebhookId);
        AssertSigned(redelivered, marketplace.WebhookSecret);
        Assert.Equal(HttpStatusCode.NotFound, (await (await marketplace.ClientAsync()).PostAsync($"/api/marketplace/webhook-deliveries/{Guid.NewGuid()}/redeliver", null)).StatusCode);
    }

    [Fact]
    public async Task Delivery_AfterRotation_IsSignedWithBothSecretsForADay()
    {
        using var receiver = Receiver();
        var marketplace = await RegisterAsync("RotateHookMart", receiver.Url);
        var admin = await factory.ClientForAsync("admin@demo.odr");
        var rotated = (await (await admin.PostAsync($"/api/admin/marketplaces/{marketplace.Id}/secrets", null)).Content.ReadFromJsonAsync<JsonObject>())!;
        marketplace = marketplace with { ClientSecret = (string)rotated["clientSecret"]! };
        await FileAsync(marketplace, "W-4");
        await DeliverAsync();
        var delivered = Assert.Single(receiver.Requests);
        Assert.Equal(2, delivered.Signature.Split(' ').Length);
        AssertSigned(delivered, marketplace.WebhookSecret);
        AssertSigned(delivered, (string)rotated["webhookSecret"]!);

        factory.Clock.Advance(TimeSpan.FromDays(1) + TimeSpan.FromMinutes(1));
        var filed = await FileAsync(marketplace, "W-5");
        await DeliverAsync();
        var later = receiver.Requests.Last();
        Assert.Contains((string)filed["number"]!, later.Body);
        Assert.Single(later.Signature.Split(' '));
        AssertSigned(later, (string)rotated["webhookSecret"]!);
        Assert.False(WebhookSecrets.Verify(marketplace.WebhookSecret, later.WebhookId, later.Timestamp, later.Body, later.Signature,
            factory.Clock.GetUtcNow(), Tolerance));
    }
}

/// <summary>The verification a receiver does (docs/marketplaces.md): a tampered or replayed delivery fails it.</summary>
public class WebhookSecretsTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 2, 9, 0, 0, TimeSpan.Zero);
    private static readonly TimeSpan Tolerance = TimeSpan.FromMinutes(5);

    [Fact]
    public void Verify_WhenUntouched_Succeeds_AndWhenTamperedOrReplayed_Fails()
    {
        var secret = WebhookSecrets.NewSecret();
        var timestamp = Now.ToUnixTimeSeconds();
        const string body = """{"type":"case.filed","data":{"number":"ODR-2026-000001"}}""";
        var signature = WebhookSecrets.Sign([secret], "msg_1", timestamp, body);
        var stamp = timestamp.ToString(System.Globalization.CultureInfo.InvariantCulture);

        Assert.True(WebhookSecrets.Verify(secret, "msg_1", stamp, body, signature, Now, Tolerance));
        Assert.False(WebhookSecrets.Verify(secret, "msg_1", stamp, body.Replace("000001", "000002", StringComparison.Ordinal), signature, Now, Tolerance));
        Assert.False(WebhookSecrets.Verify(secret, "msg_2", stamp, body, signature, Now, Tolerance));
        Assert.False(WebhookSecrets.Verify(secret, "msg_1", (timestamp + 1).ToString(System.Globalization.CultureInfo.InvariantCulture), body, signature, Now, Tolerance));
        Assert.False(WebhookSecrets.Verify(secret, "msg_1", stamp, body, signature, Now + TimeSpan.FromMinutes(6), Tolerance)); // replayed later
        Assert.False(WebhookSecrets.Verify(WebhookSecrets.NewSecret(), "msg_1", stamp, body, signature, Now, Tolerance));
        Assert.False(WebhookSecrets.Verify(secret, "msg_1", "not-a-number", body, signature, Now, Tolerance));
        Assert.False(WebhookSecrets.Verify(secret, "msg_1", stamp, body, "v1,!!notbase64", Now, Tolerance));
    }

    [Fact]
    public void Sign_MatchesTheStandardWebhooksReferenceVector()
    {
        // The test vector of the Standard Webhooks reference libraries (standard-webhooks/standard-webhooks, libraries/*).
        const string secret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
        const string body = """{"test": 2432232314}""";
        Assert.Equal("v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=", WebhookSecrets.Sign([secret], "msg_p5jXN8AQM9LWM0D4loKWxJek", 1614265330, body));
    }
}
