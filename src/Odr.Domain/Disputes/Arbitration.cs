using Odr.Domain.Common;
using Odr.Domain.Parties;

namespace Odr.Domain.Disputes;

public enum EvidenceRequestStatus
{
    Open,
    Answered,
    Lapsed,
}

/// <summary>The arbitrator's request that one party produce evidence by a date.</summary>
public sealed class EvidenceRequest : Entity<EvidenceRequestId>
{
    public const int RequestMaxLength = 4_000;
    public const int MaxDueInDays = 30;

    private EvidenceRequest() { } // EF

    internal EvidenceRequest(EvidenceRequestId id, DisputeId disputeId, CaseRole from, string request, DateTimeOffset dueAt, DateTimeOffset now)
    {
        Id = id;
        DisputeId = disputeId;
        From = from;
        Request = request;
        DueAt = dueAt;
        Status = EvidenceRequestStatus.Open;
        CreatedAt = now;
    }

    public DisputeId DisputeId { get; private set; }

    /// <summary>The party asked to produce evidence.</summary>
    public CaseRole From { get; private set; }

    public string Request { get; private set; } = "";

    public DateTimeOffset DueAt { get; private set; }

    public EvidenceRequestStatus Status { get; private set; }

    public DateTimeOffset CreatedAt { get; private set; }

    internal void Close(EvidenceRequestStatus status) => Status = status;
}

/// <summary>What an arbitral award decides.</summary>
public enum AwardDecision
{
    FullRefund,
    PartialRefund,
    ReturnAndRefund,
    Replacement,
    Dismissed,
}

/// <summary>How long each stage lasts: the aggregate sets each new stage's deadline from these.</summary>
public sealed record StagePeriods(TimeSpan Response, TimeSpan Negotiation, TimeSpan Mediation, TimeSpan Arbitration, TimeSpan Compliance)
{
    public static StagePeriods Default { get; } = new(TimeSpan.FromDays(7), TimeSpan.FromDays(14), TimeSpan.FromDays(21),
        TimeSpan.FromDays(30), TimeSpan.FromDays(14));

    /// <summary>How long after an award or dismissal a party may appeal it (Odr:Deadlines:Appeal).</summary>
    public TimeSpan Appeal { get; init; } = TimeSpan.FromDays(14);

    /// <summary>How long the appeal arbitrator has to decide (Odr:Deadlines:AppealDecision).</summary>
    public TimeSpan AppealDecision { get; init; } = TimeSpan.FromDays(30);

    public TimeSpan For(DisputeStage stage) => stage switch
    {
        DisputeStage.Appeal => AppealDecision,
        DisputeStage.AwaitingResponse => Response,
        DisputeStage.Negotiation => Negotiation,
        DisputeStage.Mediation => Mediation,
        DisputeStage.Arbitration => Arbitration,
        DisputeStage.Compliance => Compliance,
        _ => throw new ArgumentOutOfRangeException(nameof(stage), stage, "A closed case has no deadline."),
    };
}

/// <summary>The seller's answer to the complaint.</summary>
public enum ResponseAction
{
    Accept,
    CounterOffer,
    Contest,
}

/// <summary>How a stage ended without a settlement or award, for the history's <c>escalated</c> event.</summary>
public enum EscalatedBy
{
    Party,
    Deadline,
    Mediator,
}
