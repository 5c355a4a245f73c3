namespace Odr.Domain.Disputes;

/// <summary>Where a case is in its lifecycle (overview.md). Each stage but Closed has a deadline.</summary>
public enum DisputeStage
{
    AwaitingResponse,
    Negotiation,
    Mediation,
    Arbitration,
    Compliance,
    Closed,
}

/// <summary>How a case ended (or, in Compliance, how it was resolved).</summary>
public enum DisputeOutcome
{
    Settled,
    Awarded,
    Dismissed,
    Withdrawn,
    Unresolved,
}

/// <summary>The stage at which a settlement was reached.</summary>
public enum SettlementStage
{
    Response,
    Negotiation,
    Mediation,
}
