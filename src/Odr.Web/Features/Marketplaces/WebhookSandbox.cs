using System.Collections.Concurrent;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Odr.Web.Infrastructure;

namespace Odr.Web.Features.Marketplaces;

/// <summary>One delivery the sandbox received, with the result of checking its signature as a receiver would.</summary>
public sealed record SandboxDelivery(DateTimeOffset ReceivedAt, string WebhookId, string Timestamp, string Signature, string Body,
    bool Valid, string Check, string? Marketplace, string? Type);

/// <summary>
/// The sandbox receiver: a webhook endpoint inside the service (<see cref="Path"/>) that checks each delivery's signature
/// with the secrets of the marketplaces whose webhooks point at it, and keeps the latest <see cref="Kept"/> in memory for
/// the admin page <c>/Admin/Webhooks/Sandbox</c>. Anyone may post to it (as to any receiver); what it keeps is bounded.
/// </summary>
public sealed class WebhookSandbox
{
    public const string Path = "/Admin/Webhooks/Sandbox";
    public const int Kept = 100;
    public const int MaxBodyBytes = 256 * 1024;
    public static readonly TimeSpan Tolerance = TimeSpan.FromMinutes(5);

    private readonly ConcurrentQueue<SandboxDelivery> _received = new();

    /// <summary>Newest first.</summary>
    public IReadOnlyList<SandboxDelivery> Received => _received.Reverse().ToList();

    public void Add(SandboxDelivery delivery)
    {
        _received.Enqueue(delivery);
        while (_received.Count > Kept && _received.TryDequeue(out _))
        {
        }
    }

}

/// <summary>The sandbox's receiving endpoint: a POST to <see cref="WebhookSandbox.Path"/> is a delivery to check and keep.</summary>
public static class WebhookSandboxEndpoints
{
    public static IEndpointRouteBuilder MapWebhookSandbox(this IEndpointRouteBuilder app)
    {
        // Ordered before the page at the same path, which shows what arrived: a POST here is a delivery, not a form.
        app.MapPost(WebhookSandbox.Path, ReceiveAsync).AllowAnonymous().DisableAntiforgery().WithOrder(-1).ExcludeFromDescription();
        return app;
    }

    private static async Task<IResult> ReceiveAsync(HttpContext http, OdrDbContext db, WebhookSecrets secrets, WebhookSandbox sandbox,
        TimeProvider time, CancellationToken ct)
    {
        if (http.Request.ContentLength > WebhookSandbox.MaxBodyBytes)
        {
            return TypedResults.StatusCode(StatusCodes.Status413PayloadTooLarge);
        }
        var buffer = new byte[WebhookSandbox.MaxBodyBytes + 1];
        var read = 0;
        int n;
        while (read < buffer.Length && (n = await http.Request.Body.ReadAsync(buffer.AsMemory(read), ct)) > 0)
        {
            read += n;
        }
        if (read > WebhookSandbox.MaxBodyBytes)
        {
            return TypedResults.StatusCode(StatusCodes.Status413PayloadTooLarge);
        }
        var body = Encoding.UTF8.GetString(buffer, 0, read);
        var id = http.Request.Headers["webhook-id"].ToString();
        var timestamp = http.Request.Headers["webhook-timestamp"].ToString();
        var signature = http.Request.Headers["webhook-signature"].ToString();
        var now = time.GetUtcNow();

        var candidates = await db.Set<Marketplace>().AsNoTracking().Where(m => m.WebhookUrl.EndsWith(WebhookSandbox.Path)).ToListAsync(ct);
        string? matched = null;
        foreach (var m in candidates)
        {
            var keys = new List<string> { secrets.Unprotect(m.WebhookSecretProtected) };
            if (m is { PreviousWebhookSecretProtected: { } previous, PreviousSecretExpiresAt: { } expires } && expires > now)
            {
                keys.Add(secrets.Unprotect(previous));
            }
            if (keys.Any(k => WebhookSecrets.Verify(k, id, timestamp, body, signature, now, WebhookSandbox.Tolerance)))
            {
                matched = m.Name;
                break;
            }
        }
        var check = matched is not null ? "valid signature"
            : id.Length == 0 || timestamp.Length == 0 || signature.Length == 0 ? "missing webhook-id, webhook-timestamp or webhook-signature"
            : "no sandbox marketplace's secret signs it, or its timestamp is more than 5 minutes off";
        sandbox.Add(new SandboxDelivery(now, id, timestamp, signature, body, matched is not null, check, matched, TypeOf(body)));
        return TypedResults.NoContent();
    }

    private static string? TypeOf(string body)
    {
        try
        {
            using var json = System.Text.Json.JsonDocument.Parse(body);
            return json.RootElement.TryGetProperty("type", out var type) ? type.GetString() : null;
        }
        catch (System.Text.Json.JsonException)
        {
            return null;
        }
    }
}
