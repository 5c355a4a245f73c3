using Odr.Domain.Common;
using Odr.Domain.Disputes.Events;
using Odr.Domain.Parties;

namespace Odr.Domain.Disputes;

/// <summary>The parties' evidence files.</summary>
public sealed partial class DisputeCase
{
    public const int MaxEvidenceFiles = 50;

    private readonly List<Evidence> _evidence = [];

    public IReadOnlyList<Evidence> Evidence => _evidence;

    /// <summary>Whether <paramref name="viewer"/> may add evidence: a party, until the case closes (the file count is checked when one is added).</summary>
    public Refusal? CanAddEvidence(CaseRole viewer) =>
        OnlyAParty(viewer, "add evidence") ?? WhileOpen("add evidence");

    /// <summary>Records a party's evidence file. Allowed at any stage before the case closes; answers that party's open requests.</summary>
    public Evidence AddEvidence(EvidenceId evidenceId, CaseRole submittedBy, UserId submittedByUser, string fileName,
        string contentType, long sizeBytes, string sha256, string description, DateTimeOffset now)
    {
        Ensure(CanAddEvidence(submittedBy));
        if (_evidence.Count >= MaxEvidenceFiles)
        {
            throw new DomainException(DomainErrorCode.Conflict, $"A case holds at most {MaxEvidenceFiles} evidence files.", null, "tooManyEvidenceFiles") { Args = [MaxEvidenceFiles] };
        }
        if (sizeBytes <= 0)
        {
            throw new DomainException(DomainErrorCode.InvalidValue, "An evidence file cannot be empty.", "file", "evidenceFileEmpty");
        }
        if (sha256.Length != 64 || !sha256.All(char.IsAsciiHexDigitLower))
        {
            throw new ArgumentException("The SHA-256 must be 64 lower-case hex digits.", nameof(sha256));
        }
        EnsureText(fileName, Disputes.Evidence.FileNameMaxLength, "file");
        if (description.Length > Disputes.Evidence.DescriptionMaxLength)
        {
            throw new DomainException(DomainErrorCode.InvalidValue,
                $"The description has at most {Disputes.Evidence.DescriptionMaxLength} characters.", "description", "evidenceDescriptionTooLong") { Args = [Disputes.Evidence.DescriptionMaxLength] };
        }

        var evidence = new Evidence(evidenceId, Id, submittedBy, submittedByUser, fileName, contentType, sizeBytes, sha256,
            description, now);
        _evidence.Add(evidence);
        foreach (var request in _evidenceRequests.Where(r => r.From == submittedBy && r.Status == EvidenceRequestStatus.Open))
        {
            request.Close(EvidenceRequestStatus.Answered);
        }
        Touch();
        Raise(new EvidenceAdded(Id, evidenceId, submittedBy, sha256, sizeBytes, contentType, now));
        return evidence;
    }
}
