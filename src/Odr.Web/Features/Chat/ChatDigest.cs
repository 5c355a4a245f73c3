using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Odr.Domain.Disputes;
using Odr.Domain.Parties;

namespace Odr.Web.Features.Chat;

/// <summary>
/// A digest of chat messages waiting for one reader of a case who has not read them: one row per case and reader while
/// it waits. The first unread message makes it and schedules its <see cref="SendChatDigest"/>; messages after that join
/// it; the reader opening the chat (the case page, the transcript, the live chat's read mark) or writing in it removes it.
/// </summary>
public sealed class ChatDigest
{
    public DisputeId DisputeId { get; set; }

    public UserId UserId { get; set; }

    /// <summary>The time of the first message it lists; it lists every message the reader may read from then on.</summary>
    public DateTimeOffset Since { get; set; }

    /// <summary>When it is sent; a <see cref="SendChatDigest"/> for another time is one of a digest removed since.</summary>
    public DateTimeOffset DueAt { get; set; }
}

/// <summary>Sends the reader's digest of unread chat messages, if it still waits (the case chat's outbox command).</summary>
public sealed record SendChatDigest(Guid CaseId, Guid UserId, DateTimeOffset DueAt);

internal sealed class ChatDigestConfiguration : IEntityTypeConfiguration<ChatDigest>
{
    public void Configure(EntityTypeBuilder<ChatDigest> builder)
    {
        builder.ToTable("ChatDigests");
        builder.HasKey(d => new { d.DisputeId, d.UserId });
        builder.HasOne<DisputeCase>().WithMany().HasForeignKey(d => d.DisputeId).OnDelete(DeleteBehavior.Restrict);
    }
}
