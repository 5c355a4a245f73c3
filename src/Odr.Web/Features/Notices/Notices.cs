using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Odr.Domain.Disputes;
using Odr.Domain.Parties;

namespace Odr.Web.Features.Notices;

public enum NoticeKind
{
    ComplaintFiled,
    ResponseReceived,
    OfferReceived,
    DeadlineReminder,
    ComplianceReminder,
    Escalated,
    NeutralAssigned,
    EvidenceRequested,
    Settlement,
    Award,
    Recommendation,
    CaseClosed,
    Appealed,
    AppealDecision,
    AwardFinal,
    FilingReceipt,
    ProposalReceived,
    OfferRejected,
    EvidenceAnswered,
    PerformanceReported,
}

/// <summary>
/// Send one notice about a case to one participant. Enqueued in the case workflow's outbox in the transaction that
/// made the event; its idempotency key identifies the notice, so it is sent once however often the command runs.
/// </summary>
public sealed record SendNotice(Guid CaseId, NoticeKind Kind, CaseRole Recipient, DisputeStage? Stage = null, DateTimeOffset? Deadline = null,
    Guid? DocumentId = null, Guid? SubjectId = null);

/// <summary>One notice of <see cref="SendNotices"/>, with the key that makes it go out once (its own, per event and recipient).</summary>
public sealed record KeyedNotice(string Key, SendNotice Notice);

/// <summary>
/// Send the notices of one case that one transaction's events call for (an event's recipients, or two events committed
/// together, such as a response with its counter-offer): one command, one read of the case, one transaction recording
/// them all. A recipient whose notice fails is handed to a <see cref="SendNotice"/> of its own, under the notice's own
/// key, with its own retries and dead letter, so the others are not sent again.
/// </summary>
public sealed record SendNotices(Guid CaseId, IReadOnlyList<KeyedNotice> Notices);

/// <summary>A notice that went out: its key (the command's idempotency key) makes a second sending impossible.</summary>
public sealed class SentNotice
{
    public const int KeyMaxLength = 200;

    public string Key { get; set; } = "";

    public DisputeId DisputeId { get; set; }

    public NoticeKind Kind { get; set; }

    public CaseRole Recipient { get; set; }

    public string ToAddress { get; set; } = "";

    public string MessageId { get; set; } = "";

    public DateTimeOffset SentAt { get; set; }
}

internal sealed class SentNoticeConfiguration : IEntityTypeConfiguration<SentNotice>
{
    public void Configure(EntityTypeBuilder<SentNotice> builder)
    {
        builder.ToTable("SentNotices");
        builder.HasKey(n => n.Key);
        builder.Property(n => n.Key).HasMaxLength(SentNotice.KeyMaxLength);
        builder.Property(n => n.Kind).HasConversion<string>().HasMaxLength(32);
        builder.Property(n => n.ToAddress).HasMaxLength(254).IsRequired();
        builder.Property(n => n.MessageId).HasMaxLength(200).IsRequired();
        builder.HasIndex(n => n.DisputeId);
    }
}
