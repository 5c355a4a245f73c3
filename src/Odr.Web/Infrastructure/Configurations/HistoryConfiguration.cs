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

internal sealed class ChatMessageConfiguration : IEntityTypeConfiguration<Features.Chat.ChatMessage>
{
    public void Configure(EntityTypeBuilder<Features.Chat.ChatMessage> builder)
    {
        builder.ToTable("ChatMessages");
        builder.HasKey(m => m.Id);
        builder.Property(m => m.Channel).HasConversion<string>().HasMaxLength(16);
        builder.Property(m => m.SenderName).HasMaxLength(200).IsRequired();
        builder.Property(m => m.Text).HasMaxLength(Features.Chat.ChatMessage.TextMaxLength).IsRequired();
        builder.Property(m => m.Sha256).HasMaxLength(64).IsFixedLength().IsRequired();
        builder.Property(m => m.Salt).HasMaxLength(Features.Chat.ChatMessage.SaltLength).IsFixedLength();
        // Numbered per channel, so a reader's numbers say nothing of the channels it cannot read (no gaps where the other
        // caucus spoke); a reconnecting client asks after them, and two writers cannot both take one.
        builder.HasIndex(m => new { m.DisputeId, m.Channel, m.Seq }).IsUnique();
        builder.HasOne<DisputeCase>().WithMany().HasForeignKey(m => m.DisputeId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class SignInFailureConfiguration : IEntityTypeConfiguration<Features.Accounts.SignInFailure>
{
    public void Configure(EntityTypeBuilder<Features.Accounts.SignInFailure> builder)
    {
        builder.ToTable("SignInFailures");
        builder.HasKey(f => f.Id);
        builder.Property(f => f.Id).ValueGeneratedNever();
        builder.Property(f => f.Account).HasMaxLength(Features.Accounts.SignInFailure.AccountMaxLength).IsRequired();
        builder.Property(f => f.ClientAddress).HasMaxLength(Features.Accounts.SignInFailure.ClientAddressMaxLength).IsRequired();
        builder.HasIndex(f => new { f.Account, f.ClientAddress, f.At });
        builder.HasIndex(f => f.At);
    }
}

internal sealed class UsedRefreshTokenConfiguration : IEntityTypeConfiguration<Features.Accounts.UsedRefreshToken>
{
    public void Configure(EntityTypeBuilder<Features.Accounts.UsedRefreshToken> builder)
    {
        builder.ToTable("UsedRefreshTokens");
        builder.HasKey(t => t.Id);
        builder.Property(t => t.Id).HasMaxLength(Features.Accounts.UsedRefreshToken.IdLength).IsFixedLength();
        builder.HasIndex(t => t.ExpiresAt);
    }
}
