using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Nodes;

namespace Odr.Bench;

/// <summary>The public API as a marketplace would call it: bearer tokens from /api/auth/login, JSON bodies from api.md.</summary>
public sealed class Api(HttpClient http)
{
    public const string DemoPassword = Odr.Web.Infrastructure.Identity.DemoSeeder.DemoPassword;

    public HttpClient Http => http;

    public async Task<string> TokenAsync(string email, string password = DemoPassword)
    {
        var response = await http.PostAsJsonAsync("/api/auth/login", new { email, password });
        await EnsureAsync(response, "login " + email);
        return (string)(await response.Content.ReadFromJsonAsync<JsonObject>())!["accessToken"]!;
    }

    /// <summary>Registers a new buyer (anyone who registers through the API is one) and returns its token.</summary>
    public async Task<string> NewBuyerAsync(string email)
    {
        await EnsureAsync(await http.PostAsJsonAsync("/api/auth/register", new { email, password = DemoPassword }), "register " + email);
        return await TokenAsync(email);
    }

    public static JsonObject Filing(int n, string sellerEmail = "seller@demo.odr") => new()
    {
        ["marketplace"] = (n % 3) switch { 0 => "ExampleMart", 1 => "ShopHub", _ => "GlobalBazaar" },
        ["orderReference"] = $"B-{n}",
        ["orderDate"] = "2026-10-01",
        ["item"] = "Bluetooth headphones",
        ["amount"] = new JsonObject { ["value"] = 59.90m, ["currency"] = "EUR" },
        ["buyer"] = new JsonObject { ["country"] = "DE", ["type"] = "consumer" },
        ["seller"] = new JsonObject
        {
            ["name"] = "Shenzhen Audio Co.", ["email"] = sellerEmail, ["country"] = "CN", ["type"] = "business", ["directsToBuyerCountry"] = "yes",
        },
        ["claimType"] = "notReceived",
        ["description"] = "Paid on 1 October, tracking shows no movement since 3 October.",
        ["remedy"] = new JsonObject { ["type"] = "fullRefund" },
        ["language"] = "en",
        ["choiceOfLaw"] = "CN",
        ["consentToArbitration"] = true,
    };

    public static HttpRequestMessage Request(HttpMethod method, string url, string token, object? body = null)
    {
        var request = new HttpRequestMessage(method, url);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        if (body is not null)
        {
            request.Content = JsonContent.Create(body);
        }
        return request;
    }

    public async Task<JsonObject> SendAsync(HttpMethod method, string url, string token, object? body = null)
    {
        using var response = await http.SendAsync(Request(method, url, token, body));
        await EnsureAsync(response, $"{method} {url}");
        return (await response.Content.ReadFromJsonAsync<JsonObject>())!;
    }

    public async Task<JsonNode> GetAsync(string url, string token)
    {
        using var response = await http.SendAsync(Request(HttpMethod.Get, url, token));
        await EnsureAsync(response, "GET " + url);
        return (await response.Content.ReadFromJsonAsync<JsonNode>())!;
    }

    public Task<JsonObject> FileAsync(string token, int n, string sellerEmail = "seller@demo.odr") =>
        SendAsync(HttpMethod.Post, "/api/cases", token, Filing(n, sellerEmail));

    public static async Task EnsureAsync(HttpResponseMessage response, string what)
    {
        if (!response.IsSuccessStatusCode)
        {
            throw new HttpRequestException($"{what}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}", null, response.StatusCode);
        }
    }

    public static bool Created(HttpResponseMessage response) => response.StatusCode == HttpStatusCode.Created;
}
