using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;

namespace Odr.Web.Tests;

/// <summary>Anonymous callers' rate limits lifted, so every generated request reaches its endpoint.</summary>
public sealed class FuzzWebFactory : OdrWebFactory
{
    protected override IDictionary<string, string?> Settings => new Dictionary<string, string?> { ["Odr:RateLimits:AnonymousPerMinute"] = "1000000" };
}

/// <summary>
/// Every operation the OpenAPI document lists, sent malformed requests generated from its own description: path values
/// that are not ids, query values of the wrong type or size, JSON bodies with wrong types, missing and extra fields,
/// huge strings and numbers, invalid UTF-8, deep nesting, wrong media types; by an anonymous caller, a buyer, a
/// regulator and an admin. None may answer with a server error.
/// </summary>
public class ApiFuzzTests(FuzzWebFactory factory) : IClassFixture<FuzzWebFactory>
{
    private static readonly string Huge = new('x', 200_000);

    [Fact]
    public async Task EveryOperation_AnswersMalformedRequests_WithoutAServerError()
    {
        var document = JsonNode.Parse(await factory.CreateClient().GetStringAsync("/openapi/v1.json"))!;
        var schemas = document["components"]!["schemas"]!.AsObject();
        var buyer = await factory.ClientForAsync("buyer@demo.odr");
        var caseId = (string)(await Filings.FileAsync(buyer))["id"]!;
        var callers = new[]
        {
            ("anonymous", factory.CreateClient()), ("buyer", buyer), ("regulator", await factory.ClientForAsync("regulator@demo.odr")),
            ("admin", await factory.ClientForAsync("admin@demo.odr")),
        };
        var failures = new List<string>();
        var sent = 0;
        var operations = 0;

        foreach (var (path, item) in document["paths"]!.AsObject())
        {
            foreach (var (method, operation) in item!.AsObject())
            {
                operations++;
                foreach (var request in Requests(path, method, operation!, schemas, caseId))
                {
                    for (var c = 0; c < callers.Length; c++)
                    {
                        var (who, client) = callers[c];
                        using var message = request.Build();
                        using var response = await client.SendAsync(message);
                        sent++;
                        // Signing out, and making the first authenticator key (Identity changes the security stamp),
                        // end the caller's tokens.
                        if (path is "/api/auth/logout" or "/api/auth/manage/2fa" && response.IsSuccessStatusCode)
                        {
                            callers[c] = (who, await factory.ClientForAsync($"{who}@demo.odr"));
                        }
                        if ((int)response.StatusCode >= 500)
                        {
                            failures.Add($"{(int)response.StatusCode} {method.ToUpperInvariant()} {Shorten(message.RequestUri!.ToString())} as {who}: {request.What}\n"
                                + Shorten(await response.Content.ReadAsStringAsync()));
                        }
                    }
                }
            }
        }

        Assert.True(operations >= 40, $"only {operations} operations in the document");
        Assert.True(sent > 2000, $"only {sent} requests sent");
        Assert.True(failures.Count == 0, $"{failures.Count} of {sent} requests failed with a server error:\n" + string.Join("\n", failures.Take(30)));
    }

    private sealed record FuzzRequest(string What, Func<HttpRequestMessage> Build);

    /// <summary>The malformed requests for one operation, each with the well-formed parts it does not vary.</summary>
    private static IEnumerable<FuzzRequest> Requests(string path, string method, JsonNode operation, JsonObject schemas, string caseId)
    {
        var parameters = operation["parameters"]?.AsArray().Select(p => p!).ToList() ?? [];
        var pathNames = parameters.Where(p => (string)p["in"]! == "path").Select(p => (string)p["name"]!).ToList();
        var queryNames = parameters.Where(p => (string)p["in"]! == "query").Select(p => (string)p["name"]!).ToList();
        var content = operation["requestBody"]?["content"]?.AsObject();
        var jsonSchema = content?["application/json"]?["schema"];
        var httpMethod = new HttpMethod(method.ToUpperInvariant());

        string Url(Func<string, string> pathValue, string query = "") =>
            pathNames.Aggregate(path, (p, name) => p.Replace("{" + name + "}", Uri.EscapeDataString(pathValue(name)), StringComparison.Ordinal)) + query;
        string WellFormedPath(string name) => name == "id" || name == "caseId" ? caseId : Guid.NewGuid().ToString();
        string WellFormedBody() => jsonSchema is null ? "{}" : Sample(jsonSchema, schemas, 0)?.ToJsonString() ?? "{}";

        FuzzRequest Json(string what, string url, string body, string mediaType = "application/json") =>
            new(what, () => new HttpRequestMessage(httpMethod, url) { Content = new StringContent(body, Encoding.UTF8, mediaType) });
        FuzzRequest Bytes(string what, string url, byte[] body, string mediaType) =>
            new(what, () => new HttpRequestMessage(httpMethod, url) { Content = new ByteArrayContent(body) { Headers = { ContentType = MediaTypeHeaderValue.Parse(mediaType) } } });
        FuzzRequest Plain(string what, string url) => content is null
            ? new(what, () => new HttpRequestMessage(httpMethod, url))
            : Json(what, url, WellFormedBody());

        var wellFormedUrl = Url(WellFormedPath);
        yield return Plain("well-formed", wellFormedUrl);

        // Path values that are not what the route expects.
        foreach (var name in pathNames)
        {
            foreach (var bad in new[] { "not-a-guid", "00000000-0000-0000-0000-000000000000", Guid.NewGuid().ToString(), "../../etc/passwd", "%00", "'; DROP TABLE \"Cases\";--", new string('9', 5000) })
            {
                yield return Plain($"path {name}={Shorten(bad)}", Url(n => n == name ? bad : WellFormedPath(n)));
            }
        }

        // Query values of the wrong type, size or sign.
        foreach (var name in queryNames)
        {
            foreach (var bad in new[] { "abc", "-1", "0", "2147483648", "99999999999999999999999", "1e400", "9999-99-99", "0001-01-01", "9999-12-31", "true", new string('z', 5000), "%FF%FE" })
            {
                var encoded = bad == "%FF%FE" ? bad : Uri.EscapeDataString(bad);
                yield return Plain($"query {name}={Shorten(bad)}", wellFormedUrl + $"?{name}={encoded}");
            }
            yield return Plain($"query {name} twice", wellFormedUrl + $"?{name}=1&{name}=2");
        }

        if (content is null)
        {
            // A body where none is expected.
            yield return Json("unexpected body", wellFormedUrl, "{\"x\":1}");
            yield break;
        }

        // Bodies that are not JSON, or not the declared media type.
        yield return Json("empty body", wellFormedUrl, "");
        yield return Json("null body", wellFormedUrl, "null");
        yield return Json("array body", wellFormedUrl, "[1,2,3]");
        yield return Json("string body", wellFormedUrl, "\"text\"");
        yield return Json("truncated JSON", wellFormedUrl, "{\"a\": [1, 2");
        yield return Json("comments and trailing comma", wellFormedUrl, "{/* c */ \"a\": 1,}");
        yield return Json("text/plain", wellFormedUrl, WellFormedBody(), "text/plain");
        yield return Json("form-encoded", wellFormedUrl, "a=1&b=2", "application/x-www-form-urlencoded");
        yield return Bytes("invalid UTF-8", wellFormedUrl, [0x7B, 0x22, 0x61, 0x22, 0x3A, 0x22, 0xC3, 0x28, 0xFF, 0xFE, 0x22, 0x7D], "application/json");
        yield return Bytes("garbage bytes", wellFormedUrl, Enumerable.Range(0, 4096).Select(i => (byte)(i * 37 % 256)).ToArray(), content.First().Key);
        yield return Json("deep nesting", wellFormedUrl, new string('[', 5000) + new string(']', 5000));
        yield return Json("deep object nesting", wellFormedUrl, string.Concat(Enumerable.Repeat("{\"a\":", 2000)) + "1" + new string('}', 2000));
        yield return Json("huge string body", wellFormedUrl, "\"" + new string('y', 2_000_000) + "\"");
        if (content.ContainsKey("multipart/form-data"))
        {
            yield return Bytes("multipart without boundary", wellFormedUrl, "--x\r\n\r\n"u8.ToArray(), "multipart/form-data");
            yield return new("multipart with a hostile file name", () => new HttpRequestMessage(httpMethod, wellFormedUrl)
            {
                Content = new MultipartFormDataContent
                {
                    { new ByteArrayContent("%PDF-1.4 not really"u8.ToArray()) { Headers = { ContentType = new MediaTypeHeaderValue("application/pdf") } }, "file", "../../../../" + new string('a', 3000) + ".pdf" },
                },
            });
            yield return Bytes("multipart cut off in a file", wellFormedUrl,
                Encoding.ASCII.GetBytes("--b\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.pdf\"\r\n\r\n%PDF-1.4\n"), "multipart/form-data; boundary=b");
            yield return Bytes("multipart with a 17 KB header", wellFormedUrl,
                Encoding.ASCII.GetBytes($"--b\r\nContent-Disposition: form-data; name=\"file\"; filename=\"{new string('a', 17_000)}.pdf\"\r\n\r\n%PDF-1.4\r\n--b--\r\n"),
                "multipart/form-data; boundary=b");
            yield return new("multipart with only fields", () => new HttpRequestMessage(httpMethod, wellFormedUrl)
            {
                Content = new MultipartFormDataContent { { new StringContent(Huge), "description" } },
            });
        }
        if (jsonSchema is null)
        {
            yield break;
        }

        // JSON of the right shape with one field made wrong at a time, from a valid request where the test knows one (so
        // that each wrong field is the only thing wrong, and reaches as deep as it can).
        var sample = KnownValid.TryGetValue($"{method.ToUpperInvariant()} {path}", out var valid) ? valid() : Sample(jsonSchema, schemas, 0) as JsonObject;
        yield return Json("extra fields", wellFormedUrl, Merge(sample, o => { o["unexpected"] = 1; o["__proto__"] = new JsonObject(); }));
        yield return Json("every field null", wellFormedUrl, Merge(sample, o => { foreach (var key in o.Select(p => p.Key).ToList()) { o[key] = null; } }));
        yield return Json("empty object", wellFormedUrl, "{}");
        foreach (var field in sample?.Select(p => p.Key).ToList() ?? [])
        {
            yield return Json($"{field} missing", wellFormedUrl, Merge(sample, o => o.Remove(field)));
            foreach (var (what, value) in WrongValues())
            {
                yield return Json($"{field} = {what}", wellFormedUrl, Merge(sample, o => o[field] = value?.DeepClone()));
            }
            if (sample![field] is JsonObject nested)
            {
                foreach (var inner in nested.Select(p => p.Key).ToList())
                {
                    foreach (var (what, value) in WrongValues())
                    {
                        yield return Json($"{field}.{inner} = {what}", wellFormedUrl, Merge(sample, o => o[field]![inner] = value?.DeepClone()));
                    }
                }
            }
        }
    }

    private static readonly Dictionary<string, Func<JsonObject>> KnownValid = new()
    {
        ["POST /api/cases"] = () => Filings.Valid(),
        ["POST /api/governing-law/assessments"] = () => Filings.Valid(),
        ["POST /api/cases/{id}/response"] = () => new JsonObject { ["action"] = "contest", ["statement"] = "Delivered on time.", ["consentToArbitration"] = true },
        ["POST /api/cases/{id}/escalate"] = () => new JsonObject { ["reason"] = "We cannot agree." },
    };

    private static IEnumerable<(string What, JsonNode? Value)> WrongValues() =>
    [
        ("number", 12345),
        ("negative", -1),
        ("huge number", JsonNode.Parse("1e308")),
        ("beyond double", JsonNode.Parse("123456789012345678901234567890123456789012345678901234567890")),
        ("fraction", 0.000000001),
        ("string", "not-what-is-expected"),
        ("empty string", ""),
        ("huge string", Huge),
        ("control characters", "a\u0000b\u0001\u001b[31m"),
        ("lone surrogate", "a\ud800b"),
        ("script", "<script>alert(1)</script>"),
        ("boolean", true),
        ("array", new JsonArray(1, "two", null)),
        ("object", new JsonObject { ["nested"] = new JsonObject { ["deeper"] = 1 } }),
    ];

    private static string Merge(JsonObject? sample, Action<JsonObject> change)
    {
        var copy = (sample?.DeepClone() as JsonObject) ?? new JsonObject();
        change(copy);
        return copy.ToJsonString();
    }

    /// <summary>A well-formed value for a schema: required and optional properties filled, nulls avoided.</summary>
    private static JsonNode? Sample(JsonNode schema, JsonObject schemas, int depth)
    {
        if (depth > 6)
        {
            return null;
        }
        if (schema["$ref"] is { } reference)
        {
            return Sample(schemas[((string)reference!).Split('/')[^1]]!, schemas, depth + 1);
        }
        if ((schema["oneOf"] ?? schema["anyOf"] ?? schema["allOf"]) is { } choices)
        {
            var choice = choices.AsArray().FirstOrDefault(c => c!["type"] is not JsonValue t || (string?)t != "null");
            return choice is null ? null : Sample(choice, schemas, depth + 1);
        }
        if (schema["enum"] is JsonArray values && values.FirstOrDefault(v => v is not null) is { } first)
        {
            return first.DeepClone();
        }
        var type = schema["type"] switch
        {
            JsonArray types => types.Select(t => (string)t!).FirstOrDefault(t => t != "null") ?? "null",
            JsonValue single => (string)single!,
            _ => schema["properties"] is not null ? "object" : "string",
        };
        return type switch
        {
            "object" => new JsonObject((schema["properties"]?.AsObject() ?? [])
                .Select(p => KeyValuePair.Create(p.Key, Sample(p.Value!, schemas, depth + 1)))),
            "array" => new JsonArray(schema["items"] is { } items ? Sample(items, schemas, depth + 1) : null),
            "integer" => 1,
            "number" => 10.5,
            "boolean" => true,
            "string" => (string?)schema["format"] switch
            {
                "uuid" => Guid.NewGuid().ToString(),
                "date" => "2026-10-01",
                "date-time" => "2026-10-01T10:00:00Z",
                "email" => "someone@example.com",
                _ => "DE",
            },
            _ => null,
        };
    }

    private static string Shorten(string text) => text.Length <= 300 ? text : text[..300] + "…";
}
