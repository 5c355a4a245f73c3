using Odr.Domain.Common;
using Odr.Domain.Parties;

namespace Odr.Domain.Disputes.Events;

/// <summary>The buyer filed the complaint; the case exists and waits for the seller.</summary>
public sealed record DisputeFiled(DisputeId DisputeId, CaseNumber Number, DateTimeOffset ResponseDeadline, DateTimeOffset OccurredAt) : IDomainEvent;

/// <summary>A party added a file; the hash is what the record keeps.</summary>
public sealed record EvidenceAdded(DisputeId DisputeId, EvidenceId EvidenceId, CaseRole SubmittedBy, string Sha256, long SizeBytes,
    string ContentType, DateTimeOffset OccurredAt) : IDomainEvent;
