using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Odr.Web.Features.Marketplaces;

namespace Odr.Web.Tests.Marketplaces;

/// <summary>
/// A marketplace as an integrator drives it, through the public contract only: registered by an admin through the API,
/// a fresh token per call (the tests' clock may move past an hour's token), filings with an idempotency key.
/// </summary>
public sealed record MarketplaceLoop(OdrWebFactory Factory, string Id, string Name, string ClientId, string ClientSecret, string WebhookSecret)
{
    public static readonly TimeSpan SignatureTolerance = TimeSpan.FromMinutes(5);

    public static async Task<MarketplaceLoop> RegisterAsync(OdrWebFactory factory, string name, string webhookUrl = "https://hooks.example.com/odr")
    {
        var admin = await factory.ClientForAsync("admin@demo.odr");
        var response = await admin.PostAsJsonAsync("/api/admin/marketplaces", new { name, webhookUrl });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var registered = (await response.Content.ReadFromJsonAsync<JsonObject>())!;
        return new MarketplaceLoop(factory, (string)registered["id"]!, name, (string)registered["clientId"]!, (string)registered["clientSecret"]!,
            (string)registered["webhookSecret"]!);
    }

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

    public static JsonObject Filing(string key, string sellerEmail = "seller@demo.odr")
    {
        var filing = Filings.Valid(sellerEmail);
        filing["orderReference"] = key;
        filing["buyer"]!["email"] = $"{key.ToLowerInvariant()}@buyers.example.com";
        filing["buyer"]!["name"] = "Loop Buyer";
        filing["seller"]!["accountId"] = "S-4711";
        return filing;
    }

    public async Task<HttpResponseMessage> FileAsync(JsonObject filing, string key)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/marketplace/cases") { Content = JsonContent.Create(filing) };
        request.Headers.Add("Idempotency-Key", key);
        return await (await ClientAsync()).SendAsync(request);
    }

    public async Task<JsonObject> FileAsync(string key, string sellerEmail = "seller@demo.odr")
    {
        var response = await FileAsync(Filing(key, sellerEmail), key);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<JsonObject>())!;
    }

    public async Task<HttpResponseMessage> ReportExecutionAsync(object caseId, object body) =>
        await (await ClientAsync()).PostAsJsonAsync($"/api/marketplace/cases/{caseId}/execution", body);

    /// <summary>The seller accepts the buyer's request: the case settles at the response and enters compliance.</summary>
    public static async Task SettleAsync(OdrWebFactory factory, object caseId, string sellerEmail = "seller@demo.odr")
    {
        var seller = await factory.ClientForAsync(sellerEmail);
        var response = await seller.PostAsJsonAsync($"/api/cases/{caseId}/response",
            new { action = "accept", statement = "Refund on its way.", consentToArbitration = true });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        await factory.DrainWorkflowsAsync();
    }

    public static Task<int> DeliverAsync(OdrWebFactory factory) => factory.Services.GetRequiredService<WebhookDispatcher>().DrainAsync();

    public void AssertSigned(WebhookReceiver.Request request) =>
        Assert.True(WebhookSecrets.Verify(WebhookSecret, request.WebhookId, request.Timestamp, request.Body, request.Signature, request.ReceivedAt,
            SignatureTolerance), $"bad signature on {request.WebhookId}");
}
