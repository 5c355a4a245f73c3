using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Odr.Domain.Disputes;

namespace Odr.Web.Features.Marketplaces;

public enum WebhookDeliveryStatus
{
    Pending,
    Delivered,
    DeadLettered,
}

/// <summary>
/// One webhook event for one marketplace, written in the transaction of the case change it reports (the outbox), and
/// sent after the commit. Its body is fixed when written, and every attempt sends it under the same <c>webhook-id</c>;
/// deliveries of one case to one marketplace go out in <see cref="Seq"/> order, each only after the one before it was
/// delivered or dead-lettered.
/// </summary>
public sealed class WebhookDelivery
{
    public const int TypeMaxLength = 32;

    public Guid Id { get; init; }

    public Guid MarketplaceId { get; init; }

    public DisputeId CaseId { get; init; }

    /// <summary>The position in the (marketplace, case) queue, from 1.</summary>
    public int Seq { get; init; }

    public required string Type { get; init; }

    /// <summary>The exact JSON body, signed as sent.</summary>
    public required string Body { get; init; }

    public WebhookDeliveryStatus Status { get; set; }

    public int Attempts { get; set; }

    public DateTimeOffset NextAttemptAt { get; set; }

    /// <summary>When the current run of attempts began (the first, or the last redelivery): 24 hours from it, the delivery is dead-lettered.</summary>
    public DateTimeOffset? FirstAttemptAt { get; set; }

    public string? LeaseOwner { get; set; }

    public DateTimeOffset? LeaseUntil { get; set; }

    public string? LastError { get; set; }

    public DateTimeOffset? DeliveredAt { get; set; }

    public DateTimeOffset CreatedAt { get; init; }

    /// <summary>The Standard Webhooks message id, the same on every attempt.</summary>
    public string WebhookId => $"msg_{Id:N}";
}

/// <summary>One try at sending a delivery: the receiver's status code, or why there was none.</summary>
public sealed class WebhookAttempt
{
    public const int ErrorMaxLength = 500;

    public Guid Id { get; init; }

    public Guid DeliveryId { get; init; }

    public DateTimeOffset At { get; init; }

    public int? StatusCode { get; init; }

    public string? Error { get; init; }

    public int DurationMs { get; init; }
}

internal sealed class WebhookDeliveryConfiguration : IEntityTypeConfiguration<WebhookDelivery>
{
    public void Configure(EntityTypeBuilder<WebhookDelivery> builder)
    {
        builder.ToTable("WebhookDeliveries");
        builder.HasKey(d => d.Id);
        builder.Ignore(d => d.WebhookId);
        builder.Property(d => d.Type).HasMaxLength(WebhookDelivery.TypeMaxLength);
        builder.Property(d => d.Status).HasConversion<string>().HasMaxLength(16);
        builder.Property(d => d.LeaseOwner).HasMaxLength(200);
        builder.Property(d => d.LastError).HasMaxLength(WebhookAttempt.ErrorMaxLength);
        builder.HasIndex(d => new { d.MarketplaceId, d.CaseId, d.Seq }).IsUnique();
        builder.HasIndex(d => new { d.Status, d.NextAttemptAt });
        builder.HasOne<Marketplace>().WithMany().HasForeignKey(d => d.MarketplaceId);
    }
}

internal sealed class WebhookAttemptConfiguration : IEntityTypeConfiguration<WebhookAttempt>
{
    public void Configure(EntityTypeBuilder<WebhookAttempt> builder)
    {
        builder.ToTable("WebhookAttempts");
        builder.HasKey(a => a.Id);
        builder.Property(a => a.Error).HasMaxLength(WebhookAttempt.ErrorMaxLength);
        builder.HasIndex(a => a.DeliveryId);
        builder.HasOne<WebhookDelivery>().WithMany().HasForeignKey(a => a.DeliveryId);
    }
}
