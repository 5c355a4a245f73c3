using Odr.Domain.Disputes;
using Odr.Web.Features.Disputes;
using Odr.Web.Features.GoverningLaw;
using Odr.Web.Infrastructure;

namespace Odr.Web.Features.Response;

public sealed record OfferInput(RemedyInput? Remedy, [property: MultiLineText] string? Message);

public sealed record RespondRequest(ResponseAction? Action, OfferInput? Offer, [property: MultiLineText] string? Statement, bool? ConsentToArbitration,
    LawPositionInput? GoverningLawPosition = null);

public sealed record SellerResponseView(ResponseAction Action, string? Statement, DateTimeOffset RespondedAt);
