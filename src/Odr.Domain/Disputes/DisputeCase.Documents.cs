using Odr.Domain.Common;
using Odr.Domain.Disputes.Events;

namespace Odr.Domain.Disputes;

/// <summary>The outcome's signed document.</summary>
public sealed partial class DisputeCase
{
    private readonly List<IssuedDocument> _documents = [];

    public IReadOnlyList<IssuedDocument> Documents => _documents;

    /// <summary>The document that records this case's outcome, if the outcome calls for one.</summary>
    public DocumentKind? OutcomeDocument => Outcome switch
    {
        DisputeOutcome.Settled => DocumentKind.Settlement,
        DisputeOutcome.Awarded or DisputeOutcome.Dismissed => DocumentKind.Ruling,
        // An award set aside on appeal closes the case unresolved: its record is the award and the appeal decision.
        DisputeOutcome.Unresolved when AppealDecision == Disputes.AppealDecision.SetAside => DocumentKind.Ruling,
        DisputeOutcome.Unresolved => DocumentKind.Recommendation,
        _ => null,
    };

    /// <summary>Whether the outcome's document (or the appeal decision) still has to be issued.</summary>
    public bool AwaitsDocument(DocumentKind kind) => DocumentDue(kind) && _documents.All(d => d.Kind != kind);

    /// <summary>Whether this case records something in a document of <paramref name="kind"/>: its outcome, or a decided appeal.</summary>
    private bool DocumentDue(DocumentKind kind) =>
        kind == OutcomeDocument || (kind == DocumentKind.AppealDecision && AppealDecidedAt is not null);

    /// <summary>Records that the outcome's signed document was issued, with its hash and verification code. One per outcome.</summary>
    public IssuedDocument RecordDocumentIssued(DocumentId documentId, DocumentKind kind, string sha256, string verificationCode, long sizeBytes,
        DateTimeOffset now)
    {
        if (!DocumentDue(kind))
        {
            throw new DomainException(DomainErrorCode.Conflict, $"This case's outcome is not recorded in a {kind.ToString().ToLowerInvariant()}.", null, "documentKindNotForOutcome") { Args = [kind] };
        }
        if (_documents.Any(d => d.Kind == kind))
        {
            throw new DomainException(DomainErrorCode.Conflict, $"The {kind.ToString().ToLowerInvariant()} was already issued.", null, "documentAlreadyIssued") { Args = [kind] };
        }
        var document = new IssuedDocument(documentId, Id, kind, sha256, verificationCode, sizeBytes, now);
        _documents.Add(document);
        Touch();
        Raise(new DocumentIssued(Id, documentId.Value, kind, sha256, verificationCode, now));
        return document;
    }
}
