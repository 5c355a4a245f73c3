using Odr.Domain.Common;

namespace Odr.Domain.Disputes;

/// <summary>
/// The signed PDF that records a case's outcome, as the case knows it: its kind, the SHA-256 of the exact file, the
/// code anyone can verify it with, and when it was issued. The file itself is kept in storage.
/// </summary>
public sealed class IssuedDocument : Entity<DocumentId>
{
    private IssuedDocument() { } // EF

    internal IssuedDocument(DocumentId id, DisputeId disputeId, DocumentKind kind, string sha256, string verificationCode, long sizeBytes,
        DateTimeOffset issuedAt)
    {
        Id = id;
        DisputeId = disputeId;
        Kind = kind;
        Sha256 = sha256;
        VerificationCode = verificationCode;
        SizeBytes = sizeBytes;
        IssuedAt = issuedAt;
    }

    public DisputeId DisputeId { get; private set; }

    public DocumentKind Kind { get; private set; }

    public string Sha256 { get; private set; } = "";

    public string VerificationCode { get; private set; } = "";

    public long SizeBytes { get; private set; }

    public DateTimeOffset IssuedAt { get; private set; }
}
