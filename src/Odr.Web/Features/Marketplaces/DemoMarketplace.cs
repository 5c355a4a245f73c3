using Microsoft.EntityFrameworkCore;
using OpenIddict.Abstractions;
using Odr.Web.Infrastructure;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace Odr.Web.Features.Marketplaces;

/// <summary>
/// The sandbox marketplace of a Development demo (README, docs/marketplaces.md): fixed, published credentials, and its
/// webhooks go to the service's own sandbox page (<see cref="WebhookSandbox"/>), so a developer sees the whole loop
/// (token, filing, signed webhooks, execution) without writing a receiver. Never seeded outside Development.
/// </summary>
public sealed class DemoMarketplace(OdrDbContext db, IOpenIddictApplicationManager applications, WebhookSecrets secrets, PublicUrls urls,
    TimeProvider time, ILogger<DemoMarketplace> logger)
{
    public const string Name = "Sandbox Marketplace";
    public const string ClientId = "mkt_demo_sandbox";
    public const string ClientSecret = "demo-sandbox-client-secret-2026";

    /// <summary><c>whsec_</c> + base64 of the 32 bytes of "demo-sandbox-webhook-secret-2026".</summary>
    public const string WebhookSecret = "whsec_ZGVtby1zYW5kYm94LXdlYmhvb2stc2VjcmV0LTIwMjY=";

    /// <summary>Registers the sandbox marketplace once; at every start its webhook URL follows <c>Odr:PublicBaseUrl</c>.</summary>
    public async Task SeedAsync(CancellationToken ct)
    {
        var webhookUrl = urls.BaseUrl + WebhookSandbox.Path;
        var existing = await db.Set<Marketplace>().SingleOrDefaultAsync(m => m.ClientId == ClientId, ct);
        if (existing is not null)
        {
            if (existing.WebhookUrl != webhookUrl)
            {
                existing.WebhookUrl = webhookUrl;
                await db.SaveChangesAsync(ct);
            }
            return;
        }
        var descriptor = new OpenIddictApplicationDescriptor
        {
            ClientId = ClientId,
            ClientSecret = ClientSecret,
            ClientType = ClientTypes.Confidential,
            DisplayName = Name,
        };
        descriptor.Permissions.Add(Permissions.Endpoints.Token);
        descriptor.Permissions.Add(Permissions.GrantTypes.ClientCredentials);
        foreach (var scope in MarketplaceScopes.All)
        {
            descriptor.Permissions.Add(Permissions.Prefixes.Scope + scope);
        }
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        await applications.CreateAsync(descriptor, ct);
        db.Add(new Marketplace
        {
            Id = Guid.CreateVersion7(),
            Name = Name,
            ClientId = ClientId,
            WebhookUrl = webhookUrl,
            WebhookSecretProtected = secrets.Protect(WebhookSecret),
            CreatedAt = time.GetUtcNow(),
        });
        await db.SaveChangesAsync(ct);
        await transaction.CommitAsync(ct);
        logger.LogInformation("Created the sandbox marketplace {ClientId}; its webhooks go to {WebhookUrl}", ClientId, webhookUrl);
    }
}
