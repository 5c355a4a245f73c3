using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Odr.Web.Features.Marketplaces;

namespace Odr.Web.Tests.Marketplaces;

/// <summary>The sandbox of a Development demo: the published demo credentials, the receiver page, the delivery log page.</summary>
public class SandboxTests(OdrWebFactory factory) : IClassFixture<OdrWebFactory>
{
    [Fact]
    public async Task DemoMarketplace_GetsATokenWithThePublishedCredentials_AndItsWebhooksPointAtTheSandbox()
    {
        var token = await factory.CreateClient().PostAsync("/connect/token", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["grant_type"] = "client_credentials", ["client_id"] = DemoMarketplace.ClientId, ["client_secret"] = DemoMarketplace.ClientSecret,
        }));
        Assert.Equal(HttpStatusCode.OK, token.StatusCode);
        var admin = await factory.ClientForAsync("admin@demo.odr");
        var sandbox = (await admin.GetFromJsonAsync<JsonArray>("/api/admin/marketplaces"))!.Single(m => (string)m!["clientId"]! == DemoMarketplace.ClientId)!;
        Assert.Equal("http://localhost:5080/Admin/Webhooks/Sandbox", (string)sandbox["webhookUrl"]!);
    }

    [Fact]
    public async Task Sandbox_WhenDeliveriesArrive_ShowsEachWithItsSignatureChecked()
    {
        var now = factory.Clock.GetUtcNow();
        var body = """{"type":"case.filed","timestamp":"2026-11-02T09:00:00Z","data":{"number":"ODR-2026-000042"}}""";
        var signed = Delivery("msg_sandbox_valid", now.ToUnixTimeSeconds(), body, WebhookSecrets.Sign([DemoMarketplace.WebhookSecret], "msg_sandbox_valid", now.ToUnixTimeSeconds(), body));
        var tampered = Delivery("msg_sandbox_tampered", now.ToUnixTimeSeconds(), body.Replace("000042", "000043", StringComparison.Ordinal),
            WebhookSecrets.Sign([DemoMarketplace.WebhookSecret], "msg_sandbox_tampered", now.ToUnixTimeSeconds(), body));
        var anonymous = factory.CreateClient();
        Assert.Equal(HttpStatusCode.NoContent, (await anonymous.SendAsync(signed)).StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await anonymous.SendAsync(tampered)).StatusCode);

        var page = await (await factory.BrowserForAsync("admin@demo.odr")).GetStringAsync("/Admin/Webhooks/Sandbox");
        var valid = page[page.IndexOf("msg_sandbox_valid", StringComparison.Ordinal)..];
        Assert.Contains("Signature valid", page[..page.IndexOf("msg_sandbox_valid", StringComparison.Ordinal)][^600..]);
        Assert.Contains("Sandbox Marketplace", valid[..400]);
        Assert.Contains("Signature not valid", page[..page.IndexOf("msg_sandbox_tampered", StringComparison.Ordinal)][^600..]);
        Assert.Contains("ODR-2026-000043", page);
        // Not for anyone else to read.
        var buyerPage = await (await factory.BrowserForAsync("buyer@demo.odr")).GetAsync("/Admin/Webhooks/Sandbox");
        Assert.Contains("/Account/AccessDenied", buyerPage.RequestMessage!.RequestUri!.ToString() + buyerPage.Headers.Location);
    }

    [Fact]
    public async Task DeliveryLogPage_ShowsAMarketplacesDeliveriesWithTheirAttempts()
    {
        using var receiver = new WebhookReceiver(() => factory.Clock.GetUtcNow());
        var marketplace = await MarketplaceLoop.RegisterAsync(factory, "LogMart", receiver.Url);
        await marketplace.FileAsync("LOG-1");
        await MarketplaceLoop.DeliverAsync(factory);
        var delivered = Assert.Single(receiver.Accepted);

        var page = await (await factory.BrowserForAsync("admin@demo.odr")).GetStringAsync($"/Admin/Webhooks/Deliveries?marketplaceId={marketplace.Id}");
        Assert.Contains("case.filed", page);
        Assert.Contains(delivered.WebhookId, page);
        Assert.Contains("204", page);
    }

    private static HttpRequestMessage Delivery(string id, long timestamp, string body, string signature)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, WebhookSandbox.Path)
        {
            Content = new StringContent(body, System.Text.Encoding.UTF8, "application/json"),
        };
        request.Headers.Add("webhook-id", id);
        request.Headers.Add("webhook-timestamp", timestamp.ToString(System.Globalization.CultureInfo.InvariantCulture));
        request.Headers.Add("webhook-signature", signature);
        return request;
    }
}
