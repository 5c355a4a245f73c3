using Odr.Domain.Common;
using Odr.Domain.Parties;

namespace Odr.Domain.Disputes;

/// <summary>
/// A file a party put before the case. The bytes live in storage; the case keeps their SHA-256, taken at
/// upload, so that the record proves which file was seen.
/// </summary>
public sealed class Evidence : Entity<EvidenceId>
{
    public const int FileNameMaxLength = 255;
    public const int DescriptionMaxLength = 1_000;

    private Evidence() { } // EF

    internal Evidence(EvidenceId id, DisputeId disputeId, CaseRole submittedBy, UserId submittedByUser, string fileName,
        string contentType, long sizeBytes, string sha256, string description, DateTimeOffset submittedAt)
    {
        Id = id;
        DisputeId = disputeId;
        SubmittedBy = submittedBy;
        SubmittedByUser = submittedByUser;
        FileName = fileName;
        ContentType = contentType;
        SizeBytes = sizeBytes;
        Sha256 = sha256;
        Description = description;
        SubmittedAt = submittedAt;
    }

    public DisputeId DisputeId { get; private set; }

    public CaseRole SubmittedBy { get; private set; }

    public UserId SubmittedByUser { get; private set; }

    /// <summary>The name the uploader gave, for display only; storage never uses it.</summary>
    public string FileName { get; private set; } = "";

    /// <summary>The media type found by looking at the content, not the one the client declared.</summary>
    public string ContentType { get; private set; } = "";

    public long SizeBytes { get; private set; }

    /// <summary>Lower-case hex SHA-256 of the stored bytes.</summary>
    public string Sha256 { get; private set; } = "";

    public string Description { get; private set; } = "";

    public DateTimeOffset SubmittedAt { get; private set; }
}
