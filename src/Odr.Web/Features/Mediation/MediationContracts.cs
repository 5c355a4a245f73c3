using Odr.Domain.Disputes;
using Odr.Web.Features.Disputes;
using Odr.Web.Infrastructure;

namespace Odr.Web.Features.Mediation;

public sealed record ProposalRequest(RemedyInput? Remedy, [property: MultiLineText] string? Note);

public sealed record ImpasseRequest([property: MultiLineText] string? Note);

/// <summary>A mediator's proposal as the case shows it.</summary>
public sealed record ProposalResponse(Guid Id, RemedyResponse Remedy, string Note, ProposalStatus Status, bool AcceptedByBuyer,
    bool AcceptedBySeller, DateTimeOffset CreatedAt);
