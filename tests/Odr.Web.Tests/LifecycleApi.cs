using System.Net.Http.Json;
using System.Text.Json.Nodes;

namespace Odr.Web.Tests;

/// <summary>A case brought through the lifecycle by the public API, with the workflow's timers on the factory's fake clock.</summary>
public sealed class LifecycleApi(OdrWebFactory factory)
{
    public sealed record Parties(HttpClient Buyer, HttpClient Seller, string Url);

    /// <summary>Moves the clock on; bearer tokens expire meanwhile (an hour), so the parties sign in again.</summary>
    public async Task<Parties> AdvanceAsync(Parties parties, TimeSpan delta)
    {
        await factory.AdvanceAsync(delta);
        return parties with { Buyer = await factory.ClientForAsync("buyer@demo.odr"), Seller = await factory.ClientForAsync("seller@demo.odr") };
    }

    public async Task<HttpClient> NeutralAsync(Parties parties, string role) =>
        await factory.ClientForUserAsync(Guid.Parse((string)(await GetAsync(parties.Buyer, parties.Url))[$"{role}Id"]!));

    public async Task<Parties> FileAsync(bool buyerConsents = true, Action<JsonObject>? change = null)
    {
        var buyer = await factory.ClientForAsync("buyer@demo.odr");
        var filing = Filings.Valid();
        filing["consentToArbitration"] = buyerConsents;
        change?.Invoke(filing);
        var filed = await Filings.FileAsync(buyer, filing);
        await factory.DrainWorkflowsAsync();
        return new Parties(buyer, await factory.ClientForAsync("seller@demo.odr"), $"/api/cases/{filed["id"]}");
    }

    public static async Task<JsonObject> PostOkAsync(HttpClient client, string url, object? body = null)
    {
        var response = await client.PostAsJsonAsync(url, body ?? new { });
        Assert.True(response.IsSuccessStatusCode, $"{url}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        return (await response.Content.ReadFromJsonAsync<JsonObject>())!;
    }

    public static async Task<JsonObject> GetAsync(HttpClient client, string url) => (await client.GetFromJsonAsync<JsonObject>(url))!;

    public static async Task<List<string>> EventTypesAsync(HttpClient client, string url) =>
        (await client.GetFromJsonAsync<JsonArray>($"{url}/events"))!.Select(e => (string)e!["type"]!).ToList();

    public static string Stage(JsonObject c) => (string)c["stage"]!;

    public async Task<Parties> InNegotiationAsync(bool sellerConsents = true, bool buyerConsents = true)
    {
        var parties = await FileAsync(buyerConsents);
        await PostOkAsync(parties.Seller, $"{parties.Url}/response",
            new { action = "contest", statement = "The parcel was delivered on 5 October.", consentToArbitration = sellerConsents });
        await factory.DrainWorkflowsAsync();
        return parties;
    }

    public async Task<(Parties Parties, HttpClient Mediator)> InMediationAsync(bool sellerConsents = true, bool buyerConsents = true)
    {
        var parties = await InNegotiationAsync(sellerConsents, buyerConsents);
        await PostOkAsync(parties.Buyer, $"{parties.Url}/escalate", new { reason = "The seller will not move." });
        await factory.DrainWorkflowsAsync();
        var mediated = await GetAsync(parties.Buyer, parties.Url);
        Assert.Equal("mediation", Stage(mediated));
        Assert.NotNull(mediated["mediatorId"]);
        return (parties, await NeutralAsync(parties, "mediator"));
    }

    public async Task<(Parties Parties, HttpClient Arbitrator)> InArbitrationAsync()
    {
        var (parties, mediator) = await InMediationAsync();
        await PostOkAsync(mediator, $"{parties.Url}/mediation/impasse", new { note = "The parties disagree on delivery." });
        await factory.DrainWorkflowsAsync();
        var arbitrated = await GetAsync(parties.Buyer, parties.Url);
        Assert.Equal("arbitration", Stage(arbitrated));
        Assert.NotNull(arbitrated["arbitratorId"]);
        Assert.NotEqual((string?)arbitrated["mediatorId"], (string?)arbitrated["arbitratorId"]);
        return (parties, await NeutralAsync(parties, "arbitrator"));
    }

    public static List<string> Actions(JsonObject c) => c["availableActions"]!.AsArray().Select(a => (string)a!).ToList();
}
