using Odr.Domain.Disputes;
using Odr.Domain.Parties;
using Odr.Web.Features.Disputes;
using Odr.Web.Infrastructure;

namespace Odr.Web.Features.Arbitration;

public sealed record EvidenceRequestInput(CaseRole? From, [property: MultiLineText] string? Request, int? DueInDays);

public sealed record AwardRequest(AwardDecision? Decision, MoneyDto? Amount, string? GoverningLaw, [property: MultiLineText] string? Reasons);

public sealed record EvidenceRequestResponse(Guid Id, CaseRole From, string Request, DateTimeOffset DueAt, EvidenceRequestStatus Status);

public sealed record AwardResponse(AwardDecision Decision, MoneyResponse? Amount, string GoverningLaw, string Reasons, DateTimeOffset AwardedAt);
