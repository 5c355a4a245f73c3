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
        builder.Property(e => e.Type).HasMaxLength(40).IsRequired();
        builder.Property(e => e.ActorRole).HasMaxLength(16).IsRequired();
        builder.Property(e => e.Canonical).IsRequired();
        builder.Property(e => e.PreviousHash).HasMaxLength(64).IsFixedLength().IsRequired();
        builder.Property(e => e.Hash).HasMaxLength(64).IsFixedLength().IsRequired();
        builder.HasOne<DisputeCase>().WithMany().HasForeignKey(e => e.DisputeId).OnDelete(DeleteBehavior.Restrict);
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

internal sealed class SentNoticeConfiguration : IEntityTypeConfiguration<Features.Notices.SentNotice>
{
    public void Configure(EntityTypeBuilder<Features.Notices.SentNotice> builder)
    {
        builder.ToTable("SentNotices");
        builder.HasKey(n => n.Key);
        builder.Property(n => n.Key).HasMaxLength(Features.Notices.SentNotice.KeyMaxLength);
        builder.Property(n => n.ToAddress).HasMaxLength(254).IsRequired();
        builder.Property(n => n.MessageId).HasMaxLength(200).IsRequired();
        builder.HasIndex(n => n.DisputeId);
    }
}
