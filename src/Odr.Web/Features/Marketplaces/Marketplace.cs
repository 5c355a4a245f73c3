using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Odr.Domain.Disputes;

namespace Odr.Web.Features.Marketplaces;

/// <summary>
/// A marketplace (or payment provider) registered by an admin: an OAuth 2.0 client of the service (its client id and
/// hashed secret are OpenIddict's application) that files cases and receives signed webhooks. Its webhook secrets are
/// kept protected by ASP.NET Core data protection (they must be readable to sign), never in plain text.
/// </summary>
public sealed class Marketplace
{
    public const int NameMaxLength = DisputeCase.VerifierNameMaxLength;
    public const int WebhookUrlMaxLength = 2000;

    public Guid Id { get; init; }

    public required string Name { get; init; }

    /// <summary>The OAuth 2.0 <c>client_id</c> of its OpenIddict application.</summary>
    public required string ClientId { get; init; }

    public required string WebhookUrl { get; set; }

    /// <summary>The current webhook secret, protected (<see cref="WebhookSecrets"/>).</summary>
    public required string WebhookSecretProtected { get; set; }

    /// <summary>The secret before the last rotation, still signing beside the current one until <see cref="PreviousSecretExpiresAt"/>.</summary>
    public string? PreviousWebhookSecretProtected { get; set; }

    public DateTimeOffset? PreviousSecretExpiresAt { get; set; }

    public DateTimeOffset CreatedAt { get; init; }

    public DateTimeOffset? SecretsRotatedAt { get; set; }
}

/// <summary>A case a marketplace filed, under the idempotency key it filed it with.</summary>
public sealed class MarketplaceFiling
{
    public const int IdempotencyKeyMaxLength = 200;
    public const int SellerAccountIdMaxLength = 200;

    public Guid MarketplaceId { get; init; }

    public required string IdempotencyKey { get; init; }

    public DisputeId CaseId { get; init; }

    /// <summary>SHA-256 of the request body, so that the same key with a different body is refused instead of answered.</summary>
    public required string RequestSha256 { get; init; }

    /// <summary>The seller's account on the marketplace, as the marketplace names it.</summary>
    public required string SellerAccountId { get; init; }

    public DateTimeOffset CreatedAt { get; init; }
}

internal sealed class MarketplaceConfiguration : IEntityTypeConfiguration<Marketplace>
{
    public void Configure(EntityTypeBuilder<Marketplace> builder)
    {
        builder.ToTable("Marketplaces");
        builder.HasKey(m => m.Id);
        builder.Property(m => m.Name).HasMaxLength(Marketplace.NameMaxLength);
        builder.HasIndex(m => m.Name).IsUnique();
        builder.Property(m => m.ClientId).HasMaxLength(100);
        builder.HasIndex(m => m.ClientId).IsUnique();
        builder.Property(m => m.WebhookUrl).HasMaxLength(Marketplace.WebhookUrlMaxLength);
        builder.Property(m => m.WebhookSecretProtected).HasMaxLength(1000);
        builder.Property(m => m.PreviousWebhookSecretProtected).HasMaxLength(1000);
    }
}

internal sealed class MarketplaceFilingConfiguration : IEntityTypeConfiguration<MarketplaceFiling>
{
    public void Configure(EntityTypeBuilder<MarketplaceFiling> builder)
    {
        builder.ToTable("MarketplaceFilings");
        builder.HasKey(f => new { f.MarketplaceId, f.IdempotencyKey });
        builder.Property(f => f.IdempotencyKey).HasMaxLength(MarketplaceFiling.IdempotencyKeyMaxLength);
        builder.Property(f => f.RequestSha256).HasMaxLength(64);
        builder.Property(f => f.SellerAccountId).HasMaxLength(MarketplaceFiling.SellerAccountIdMaxLength);
        builder.HasIndex(f => f.CaseId).IsUnique();
        builder.HasOne<Marketplace>().WithMany().HasForeignKey(f => f.MarketplaceId);
        builder.HasOne<DisputeCase>().WithMany().HasForeignKey(f => f.CaseId);
    }
}
