using Odr.Domain.Disputes;
using Odr.Web.Features.Arbitration;
using Odr.Web.Infrastructure;

namespace Odr.Web.Features.Appeals;

public sealed record AppealRequest(AppealGrounds? Grounds, [property: MultiLineText] string? Statement);

/// <summary>The appeal arbitrator's decision; <paramref name="Award"/> only when varied (as <c>POST …/award</c> takes it, its reasons the decision's).</summary>
public sealed record AppealDecisionRequest(AppealDecision? Decision, AwardRequest? Award, [property: MultiLineText] string? Reasons);

/// <summary>
/// The appeal of the case's award or dismissal: until when it may be lodged and whether the decision is final; once
/// lodged, who appealed, on what grounds, the appeal arbitrator and the decision deadline; once decided, the decision.
/// </summary>
public sealed record AppealResponse(
    DateTimeOffset? AppealableUntil,
    bool Final,
    Domain.Parties.CaseRole? By,
    AppealGrounds? Grounds,
    string? Statement,
    DateTimeOffset? AppealedAt,
    Guid? ArbitratorId,
    DateTimeOffset? Deadline,
    AppealDecisionResponse? Decision);

/// <summary>The decision; <paramref name="OriginalAward"/> is the award as first issued when the appeal varied it.</summary>
public sealed record AppealDecisionResponse(AppealDecision Decision, string Reasons, DateTimeOffset DecidedAt, AwardDecision? OriginalAward,
    Disputes.MoneyResponse? OriginalAmount);
