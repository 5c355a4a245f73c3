using System.Security.Cryptography;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.EntityFrameworkCore;
using OpenIddict.Abstractions;
using Odr.Web.Infrastructure;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace Odr.Web.Features.Marketplaces;

public sealed record RegisterMarketplaceRequest(string? Name, string? WebhookUrl);

/// <summary>What an admin is shown once, at registration or rotation: the secrets are not kept readable anywhere else.</summary>
public sealed record MarketplaceCredentials(Guid Id, string Name, string ClientId, string ClientSecret, string WebhookSecret);

public sealed record MarketplaceView(Guid Id, string Name, string ClientId, string WebhookUrl, DateTimeOffset CreatedAt,
    DateTimeOffset? SecretsRotatedAt);

/// <summary>The capabilities a marketplace's token may carry, one OAuth 2.0 scope each.</summary>
public static class MarketplaceScopes
{
    public const string FileCases = "cases:file";
    public const string ReadCases = "cases:read";
    public const string ExecuteCases = "cases:execute";
    public const string ReadWebhooks = "webhooks:read";

    public static readonly IReadOnlyList<string> All = [FileCases, ReadCases, ExecuteCases, ReadWebhooks];
}

/// <summary>
/// Registers marketplaces and rotates their secrets, for the admin API and page alike: the OAuth client (OpenIddict's
/// application, which keeps the client secret hashed) and the marketplace row commit together or not at all.
/// </summary>
public sealed class MarketplaceRegistry(OdrDbContext db, IOpenIddictApplicationManager applications, WebhookSecrets secrets,
    TimeProvider time, IHostEnvironment environment)
{
    /// <summary>How long the webhook secret before a rotation still signs deliveries beside the new one.</summary>
    public static readonly TimeSpan PreviousSecretOverlap = TimeSpan.FromDays(1);

    public async Task<(MarketplaceCredentials? Credentials, Dictionary<string, string[]> Errors)> RegisterAsync(
        RegisterMarketplaceRequest request, CancellationToken ct)
    {
        var errors = new Dictionary<string, string[]>();
        var name = request.Name?.Trim();
        if (string.IsNullOrEmpty(name))
        {
            errors["name"] = ["The marketplace's name is required."];
        }
        else if (name.Length > Marketplace.NameMaxLength)
        {
            errors["name"] = [$"The name has at most {Marketplace.NameMaxLength} characters."];
        }
        else if (await db.Set<Marketplace>().AnyAsync(m => m.Name == name, ct))
        {
            errors["name"] = ["A marketplace with this name is registered already."];
        }
        if (WebhookUrlError(request.WebhookUrl) is { } urlError)
        {
            errors["webhookUrl"] = [urlError];
        }
        if (errors.Count > 0)
        {
            return (null, errors);
        }

        var clientId = "mkt_" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(12));
        var clientSecret = NewClientSecret();
        var webhookSecret = WebhookSecrets.NewSecret();
        var descriptor = new OpenIddictApplicationDescriptor
        {
            ClientId = clientId,
            ClientSecret = clientSecret,
            ClientType = ClientTypes.Confidential,
            DisplayName = name,
        };
        descriptor.Permissions.Add(Permissions.Endpoints.Token);
        descriptor.Permissions.Add(Permissions.GrantTypes.ClientCredentials);
        foreach (var scope in MarketplaceScopes.All)
        {
            descriptor.Permissions.Add(Permissions.Prefixes.Scope + scope);
        }
        var marketplace = new Marketplace
        {
            Id = Guid.CreateVersion7(),
            Name = name!,
            ClientId = clientId,
            WebhookUrl = request.WebhookUrl!.Trim(),
            WebhookSecretProtected = secrets.Protect(webhookSecret),
            CreatedAt = time.GetUtcNow(),
        };
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        await applications.CreateAsync(descriptor, ct); // saves on the same context, inside the transaction
        db.Add(marketplace);
        await db.SaveChangesAsync(ct);
        await transaction.CommitAsync(ct);
        return (new MarketplaceCredentials(marketplace.Id, marketplace.Name, clientId, clientSecret, webhookSecret), errors);
    }

    /// <summary>
    /// New client and webhook secrets. The old client secret stops working at once; the old webhook secret keeps signing
    /// beside the new one for <see cref="PreviousSecretOverlap"/>, so receivers can switch without missing a delivery.
    /// </summary>
    public async Task<MarketplaceCredentials?> RotateSecretsAsync(Guid id, CancellationToken ct)
    {
        var marketplace = await db.Set<Marketplace>().SingleOrDefaultAsync(m => m.Id == id, ct);
        if (marketplace is null)
        {
            return null;
        }
        var application = await applications.FindByClientIdAsync(marketplace.ClientId, ct)
            ?? throw new InvalidOperationException($"Marketplace {marketplace.Name} has no OAuth client {marketplace.ClientId}.");
        var clientSecret = NewClientSecret();
        var webhookSecret = WebhookSecrets.NewSecret();
        var now = time.GetUtcNow();
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        await applications.UpdateAsync(application, clientSecret, ct);
        marketplace.PreviousWebhookSecretProtected = marketplace.WebhookSecretProtected;
        marketplace.PreviousSecretExpiresAt = now + PreviousSecretOverlap;
        marketplace.WebhookSecretProtected = secrets.Protect(webhookSecret);
        marketplace.SecretsRotatedAt = now;
        await db.SaveChangesAsync(ct);
        await transaction.CommitAsync(ct);
        return new MarketplaceCredentials(marketplace.Id, marketplace.Name, marketplace.ClientId, clientSecret, webhookSecret);
    }

    public Task<List<MarketplaceView>> ListAsync(CancellationToken ct) =>
        db.Set<Marketplace>().AsNoTracking().OrderBy(m => m.Name)
            .Select(m => new MarketplaceView(m.Id, m.Name, m.ClientId, m.WebhookUrl, m.CreatedAt, m.SecretsRotatedAt))
            .ToListAsync(ct);

    /// <summary>
    /// Why a webhook URL is refused, or null: it must be absolute https (the signature proves who sent a delivery, not
    /// that nobody read it on the way); plain http only to loopback in Development, for a receiver on the developer's machine.
    /// </summary>
    public string? WebhookUrlError(string? webhookUrl)
    {
        if (string.IsNullOrWhiteSpace(webhookUrl))
        {
            return "The webhook URL is required.";
        }
        if (webhookUrl.Length > Marketplace.WebhookUrlMaxLength)
        {
            return $"The webhook URL has at most {Marketplace.WebhookUrlMaxLength} characters.";
        }
        if (!Uri.TryCreate(webhookUrl.Trim(), UriKind.Absolute, out var url) || !string.IsNullOrEmpty(url.UserInfo))
        {
            return "The webhook URL must be an absolute https URL, without user name or password.";
        }
        return url.Scheme == Uri.UriSchemeHttps || (url.Scheme == Uri.UriSchemeHttp && url.IsLoopback && environment.IsDevelopment())
            ? null
            : "The webhook URL must use https (http is accepted only for a loopback address in Development).";
    }

    private static string NewClientSecret() => WebEncoders.Base64UrlEncode(RandomNumberGenerator.GetBytes(32));
}
