using Odr.Domain.Disputes;
using Odr.Web.Infrastructure;

namespace Odr.Web.Features.Disputes;

// Requests of the case-wide moves (api.md): escalation, withdrawal, the report on compliance. Each stage's own requests
// live in its folder (Response, Negotiation, Mediation, Arbitration, GoverningLaw).

public sealed record EscalateRequest([property: MultiLineText] string? Reason);

public sealed record ComplianceRequest(bool? Complied, [property: MultiLineText] string? Note);

/// <summary>The seller's report that it carried out the outcome: the payment's reference and a note (proof goes in as evidence).</summary>
public sealed record PerformanceRequest(string? PaymentReference, [property: MultiLineText] string? Note);

public sealed record CreatedResponse(Guid Id);

// What the case shows of how it ended.

public sealed record SettlementResponse(SettlementStage Stage, RemedyResponse Terms);

public sealed record ComplianceResponse(DateTimeOffset? Deadline, bool? Complied, string? Note, DateTimeOffset? PerformanceReportedAt = null,
    string? PaymentReference = null, string? PerformanceNote = null);
