using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Odr.Domain.Disputes;
using Odr.Web.Infrastructure.History;
using Odr.Web.Infrastructure.Persistence;

namespace Odr.Web.Infrastructure.Configurations;

internal sealed class CaseEventConfiguration : IEntityTypeConfiguration<CaseEvent>
{
    public void Configure(EntityTypeBuilder<CaseEvent> builder)
    {
        builder.ToTable("CaseEvents");
        builder.HasKey(e => new { e.DisputeId, e.Seq });
        Chained(builder);
    }

    /// <summary>The columns every chain's links share (<see cref="ChainedEvent"/>).</summary>
    internal static void Chained<TEvent>(EntityTypeBuilder<TEvent> builder) where TEvent : ChainedEvent
    {
        builder.Property(e => e.Type).HasMaxLength(40).IsRequired();
        builder.Property(e => e.ActorRole).HasMaxLength(16).IsRequired();
        builder.Property(e => e.Canonical).IsRequired();
        builder.Property(e => e.PreviousHash).HasMaxLength(64).IsFixedLength().IsRequired();
        builder.Property(e => e.Hash).HasMaxLength(64).IsFixedLength().IsRequired();
        builder.HasOne<DisputeCase>().WithMany().HasForeignKey(e => e.DisputeId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class ChannelEventConfiguration : IEntityTypeConfiguration<ChannelEvent>
{
    public void Configure(EntityTypeBuilder<ChannelEvent> builder)
    {
        builder.ToTable("ChannelEvents");
        builder.HasKey(e => new { e.DisputeId, e.Channel, e.Seq });
        builder.Property(e => e.Channel).HasConversion<string>().HasMaxLength(16);
        CaseEventConfiguration.Chained(builder);
    }
}

internal sealed class CaseNumberSequenceConfiguration : IEntityTypeConfiguration<CaseNumberSequence>
{
    public void Configure(EntityTypeBuilder<CaseNumberSequence> builder)
    {
        builder.ToTable("CaseNumberSequences");
        builder.HasKey(s => s.Year);
        builder.Property(s => s.Year).ValueGeneratedNever();
    }
}

