using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Odr.Web.Tests;

/// <summary>The api.md example filing, as a JSON tree a test can change one field of.</summary>
public static class Filings
{
    public static JsonObject Valid(string sellerEmail = "seller@demo.odr") => JsonNode.Parse($$"""
        {
          "marketplace": "ExampleMart", "orderReference": "A-1001", "orderDate": "2026-10-01",
          "item": "Bluetooth headphones", "amount": { "value": 59.90, "currency": "EUR" },
          "buyer":  { "country": "DE", "type": "consumer" },
          "seller": { "name": "Shenzhen Audio Co.", "email": "{{sellerEmail}}", "country": "CN",
                      "type": "business", "directsToBuyerCountry": "yes" },
          "claimType": "notReceived",
          "description": "Paid on 1 October, tracking shows no movement since 3 October.",
          "remedy": { "type": "fullRefund" },
          "language": "en",
          "choiceOfLaw": "CN",
          "consentToArbitration": true
        }
        """)!.AsObject();

    public static async Task<JsonObject> FileAsync(HttpClient client, JsonObject? filing = null)
    {
        var response = await client.PostAsJsonAsync("/api/cases", filing ?? Valid());
        Assert.Equal(System.Net.HttpStatusCode.Created, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<JsonObject>())!;
    }

    public static async Task<JsonDocument> ReadJsonAsync(this HttpResponseMessage response) =>
        JsonDocument.Parse(await response.Content.ReadAsStringAsync());

    /// <summary>The field names of a ValidationProblem's <c>errors</c>.</summary>
    public static async Task<HashSet<string>> ErrorFieldsAsync(this HttpResponseMessage response)
    {
        using var problem = await response.ReadJsonAsync();
        return problem.RootElement.TryGetProperty("errors", out var errors)
            ? errors.EnumerateObject().Select(p => p.Name).ToHashSet()
            : [];
    }
}
