using Odr.Domain.Common;
using Odr.Domain.Parties;

namespace Odr.Domain.Disputes.Events;

/// <summary>The case changed stage. Drives the workflow (and live updates); the history records the specific events instead.</summary>
public sealed record StageChanged(DisputeId DisputeId, DisputeStage From, DisputeStage To, DateTimeOffset? Deadline, int CaseVersion,
    DateTimeOffset OccurredAt) : IDomainEvent;

public sealed record SellerResponded(DisputeId DisputeId, ResponseAction Action, bool ConsentsToArbitration, DateTimeOffset OccurredAt) : IDomainEvent;

public sealed record OfferMade(DisputeId DisputeId, OfferId OfferId, CaseRole From, Remedy Remedy, DateTimeOffset OccurredAt) : IDomainEvent;

public sealed record OfferAccepted(DisputeId DisputeId, OfferId OfferId, CaseRole By, DateTimeOffset OccurredAt) : IDomainEvent;

public sealed record OfferRejected(DisputeId DisputeId, OfferId OfferId, CaseRole By, DateTimeOffset OccurredAt) : IDomainEvent;

/// <summary>A blind bid was placed. Carries no figure, by design.</summary>
public sealed record BlindBidPlaced(DisputeId DisputeId, CaseRole Party, int Round, DateTimeOffset OccurredAt) : IDomainEvent;

public sealed record DisputeSettled(DisputeId DisputeId, SettlementStage Stage, Remedy Terms, DateTimeOffset OccurredAt) : IDomainEvent;

public sealed record DisputeEscalated(DisputeId DisputeId, DisputeStage From, DisputeStage To, EscalatedBy By, CaseRole? ByRole,
    DateTimeOffset OccurredAt) : IDomainEvent;

public sealed record NeutralAssigned(DisputeId DisputeId, CaseRole Role, UserId NeutralId, DateTimeOffset OccurredAt) : IDomainEvent;

public sealed record ProposalMade(DisputeId DisputeId, ProposalId ProposalId, Remedy Remedy, DateTimeOffset OccurredAt) : IDomainEvent;

public sealed record ProposalAccepted(DisputeId DisputeId, ProposalId ProposalId, CaseRole By, DateTimeOffset OccurredAt) : IDomainEvent;

public sealed record ImpasseDeclared(DisputeId DisputeId, DateTimeOffset OccurredAt) : IDomainEvent;

public sealed record EvidenceRequested(DisputeId DisputeId, EvidenceRequestId RequestId, CaseRole From, DateTimeOffset DueAt,
    DateTimeOffset OccurredAt) : IDomainEvent;

public sealed record EvidenceRequestLapsed(DisputeId DisputeId, EvidenceRequestId RequestId, DateTimeOffset OccurredAt) : IDomainEvent;

public sealed record AwardIssued(DisputeId DisputeId, AwardDecision Decision, Money? Amount, LawCode GoverningLaw, DateTimeOffset OccurredAt) : IDomainEvent;

public sealed record DisputeWithdrawn(DisputeId DisputeId, DisputeStage From, DateTimeOffset OccurredAt) : IDomainEvent;

/// <summary>The seller reported that it carried out the outcome; the buyer is asked to confirm.</summary>
public sealed record PerformanceReported(DisputeId DisputeId, string? PaymentReference, DateTimeOffset OccurredAt) : IDomainEvent;

public sealed record ComplianceReported(DisputeId DisputeId, bool Complied, DateTimeOffset OccurredAt) : IDomainEvent;

public sealed record DisputeClosed(DisputeId DisputeId, DisputeOutcome Outcome, SettlementStage? SettledAt, bool? Complied, DateTimeOffset OccurredAt) : IDomainEvent;

public sealed record ReminderSent(DisputeId DisputeId, DisputeStage Stage, DateTimeOffset Deadline, DateTimeOffset OccurredAt) : IDomainEvent;

public sealed record GoverningLawSuggested(DisputeId DisputeId, GoverningLaw.Assessment Assessment, DateTimeOffset OccurredAt) : IDomainEvent;

public sealed record GoverningLawPositionTaken(DisputeId DisputeId, CaseRole Party, LawCode Law, DateTimeOffset OccurredAt) : IDomainEvent;

public sealed record GoverningLawConfirmed(DisputeId DisputeId, LawCode Law, DateTimeOffset OccurredAt) : IDomainEvent;

public sealed record ContractFactsCorrected(DisputeId DisputeId, CaseRole By, IReadOnlyList<string> Fields, DateTimeOffset OccurredAt) : IDomainEvent;

/// <summary>A signed document recording an outcome was issued; the history keeps its hash and verification code.</summary>
public sealed record DocumentIssued(DisputeId DisputeId, Guid DocumentId, DocumentKind Kind, string Sha256, string VerificationCode,
    DateTimeOffset OccurredAt) : IDomainEvent;

/// <summary>A chat message was posted; the history keeps its hash, never its text.</summary>
public sealed record MessagePosted(DisputeId DisputeId, Guid MessageId, ChatChannel Channel, CaseRole By, string Commitment, DateTimeOffset OccurredAt) : IDomainEvent;

/// <summary>A notice to <paramref name="Recipient"/> could not be delivered (retries exhausted, or refused for good).</summary>
public sealed record NoticeUndelivered(DisputeId DisputeId, CaseRole Recipient, string Kind, DateTimeOffset OccurredAt) : IDomainEvent;

/// <summary>A notice recorded as undelivered, or one whose party's deadline was held, reached its recipient at last.</summary>
public sealed record NoticeDelivered(DisputeId DisputeId, CaseRole Recipient, string Kind, DateTimeOffset? FreshDeadline,
    DateTimeOffset OccurredAt) : IDomainEvent;

/// <summary>A deadline passed but did not run against <paramref name="Unreached"/>, who had not been told of it.</summary>
public sealed record DeadlineHeld(DisputeId DisputeId, DisputeStage Stage, DateTimeOffset Deadline, CaseRole Unreached,
    DateTimeOffset OccurredAt) : IDomainEvent;

/// <summary>A party appealed the award or dismissal; compliance waits for the appeal arbitrator.</summary>
public sealed record AwardAppealed(DisputeId DisputeId, CaseRole By, AppealGrounds Grounds, UserId? AwardingArbitratorId,
    DateTimeOffset OccurredAt) : IDomainEvent;

/// <summary>
/// The appeal arbitrator decided. <paramref name="AwardInForce"/> is the award that now stands (none when set aside);
/// <paramref name="AwardingArbitratorId"/> is whose award was appealed (the statistics count outcomes per arbitrator).
/// </summary>
public sealed record AppealDecided(DisputeId DisputeId, AppealDecision Decision, AwardDecision? AwardInForce, Money? Amount,
    UserId? AwardingArbitratorId, DateTimeOffset OccurredAt) : IDomainEvent;

/// <summary>The appeal period passed with no appeal: the award or dismissal is final.</summary>
public sealed record AwardBecameFinal(DisputeId DisputeId, DateTimeOffset OccurredAt) : IDomainEvent;

/// <summary>The marketplace that filed the case carried out its settlement or award (<paramref name="Reference"/>: its payment reference).</summary>
public sealed record OutcomeExecuted(DisputeId DisputeId, string Marketplace, string Reference, Money Amount, DateTimeOffset OccurredAt) : IDomainEvent;

/// <summary>The marketplace that filed the case could not carry out its settlement or award.</summary>
public sealed record OutcomeExecutionFailed(DisputeId DisputeId, string Marketplace, string Reference, Money Amount, DateTimeOffset OccurredAt) : IDomainEvent;
