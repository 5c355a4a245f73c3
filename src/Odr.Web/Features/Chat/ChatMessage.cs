using System.Security.Cryptography;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Odr.Domain.Disputes;
using Odr.Domain.Parties;

namespace Odr.Web.Features.Chat;

/// <summary>One message of a case's chat, stored as written (it is evidence) and numbered per case.</summary>
public sealed class ChatMessage
{
    public const int TextMaxLength = 4_000;

    /// <summary>A salt is 16 random bytes, as 32 lower-case hex digits.</summary>
    public const int SaltLength = 32;

    public Guid Id { get; set; }

    public DisputeId DisputeId { get; set; }

    /// <summary>1, 2, 3… within the case: a client that reconnects asks for what came after the last one it saw.</summary>
    public int Seq { get; set; }

    public ChatChannel Channel { get; set; }

    public UserId SenderUserId { get; set; }

    public CaseRole SenderRole { get; set; }

    public string SenderName { get; set; } = "";

    public string Text { get; set; } = "";

    /// <summary>
    /// Random per message, so that its commitment cannot be checked against a guessed text (ADR 008). None for messages
    /// written before channels had chains of their own: their plain SHA-256 is in the case's history.
    /// </summary>
    public string? Salt { get; set; }

    /// <summary>The commitment its chain holds: SHA-256 of the salt and the text (<see cref="Commit"/>).</summary>
    public string Sha256 { get; set; } = "";

    /// <summary>Lower-case hex SHA-256 of UTF-8(<paramref name="salt"/> + <paramref name="text"/>); of the text alone without a salt.</summary>
    public static string Commit(string? salt, string text) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes((salt ?? "") + text)));

    public static string NewSalt() => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(SaltLength / 2));

    public DateTimeOffset SentAt { get; set; }
}

/// <summary>What <c>messageReceived</c> carries and the transcript lists (api.md).</summary>
public sealed record ChatMessageResponse(Guid CaseId, Guid Id, int Seq, ChatChannel Channel, CaseRole SenderRole, string SenderName, string Text,
    DateTimeOffset SentAt);

/// <summary>What <c>caseUpdated</c> carries.</summary>
public sealed record CaseUpdatedResponse(Guid CaseId, DisputeStage Stage, DateTimeOffset? Deadline);

/// <summary>What <c>documentIssued</c> carries: the document as <c>GET /api/cases/{id}/documents</c> lists it.</summary>
public sealed record DocumentIssuedResponse(Guid CaseId, Rulings.DocumentResponse Document);

public sealed class ChatOptions
{
    /// <summary>Messages one person may send in ten seconds, across cases.</summary>
    public int MessagesPerTenSeconds { get; set; } = 20;

    /// <summary>
    /// How often each node compares its open connections' security stamps with the accounts' (a change made through
    /// the service is acted on at once; this catches the rest).
    /// </summary>
    public TimeSpan AccountCheckInterval { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>
    /// How long after the first message someone has not read they are sent one e-mail listing what they have not read
    /// (messages in between join it); none if they open the chat before.
    /// </summary>
    public TimeSpan DigestDelay { get; set; } = TimeSpan.FromMinutes(15);
}

internal sealed class ChatMessageConfiguration : IEntityTypeConfiguration<ChatMessage>
{
    public void Configure(EntityTypeBuilder<ChatMessage> builder)
    {
        builder.ToTable("ChatMessages");
        builder.HasKey(m => m.Id);
        builder.Property(m => m.Channel).HasConversion<string>().HasMaxLength(16);
        builder.Property(m => m.SenderName).HasMaxLength(200).IsRequired();
        builder.Property(m => m.Text).HasMaxLength(ChatMessage.TextMaxLength).IsRequired();
        builder.Property(m => m.Sha256).HasMaxLength(64).IsFixedLength().IsRequired();
        builder.Property(m => m.Salt).HasMaxLength(ChatMessage.SaltLength).IsFixedLength();
        // Numbered per channel, so a reader's numbers say nothing of the channels it cannot read (no gaps where the other
        // caucus spoke); a reconnecting client asks after them, and two writers cannot both take one.
        builder.HasIndex(m => new { m.DisputeId, m.Channel, m.Seq }).IsUnique();
        builder.HasOne<DisputeCase>().WithMany().HasForeignKey(m => m.DisputeId).OnDelete(DeleteBehavior.Restrict);
    }
}
