namespace Odr.Domain.Disputes;

/// <summary>Where a case is in its lifecycle (overview.md). Each stage but Closed has a deadline.</summary>
public enum DisputeStage
{
    AwaitingResponse,
    Negotiation,
    Mediation,
    Arbitration,
    /// <summary>An award or dismissal is before a fresh arbitrator; compliance waits for the decision.</summary>
    Appeal,
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

/// <summary>The document an outcome is recorded in.</summary>
public enum DocumentKind
{
    /// <summary>The terms the parties agreed (at response, in negotiation or in mediation).</summary>
    Settlement,
    /// <summary>The arbitral award, including a dismissal.</summary>
    Ruling,
    /// <summary>The mediator's non-binding recommendation when the case closes unresolved.</summary>
    Recommendation,
    /// <summary>The appeal arbitrator's decision on an appealed award or dismissal.</summary>
    AppealDecision,
}

/// <summary>Where a chat message is said: the joint room, or the mediator's private caucus with one party.</summary>
public enum ChatChannel
{
    Joint,
    CaucusBuyer,
    CaucusSeller,
}
