using Odr.Domain.Disputes;
using Odr.Web.Features.Disputes;

namespace Odr.Web.Features.Negotiation;

/// <summary>Each negotiation request turned into its command, once: the API's endpoints and the case page's forms both call these.</summary>
public static class NegotiationActions
{
    public static Offer MakeOffer(CaseActionContext c, MakeOfferRequest request) =>
        c.Case.MakeOffer(c.Role, CaseActions.ToRemedy(request.Remedy, c.Case.Order.AmountPaid, "remedy"), request.Message, c.Now);

    public static void AcceptOffer(CaseActionContext c, Guid offerId) => c.Case.AcceptOffer(c.Role, new OfferId(offerId), c.Now, c.Periods);

    public static void RejectOffer(CaseActionContext c, Guid offerId) => c.Case.RejectOffer(c.Role, new OfferId(offerId), c.Now);

    public static BlindBidResult PlaceBlindBid(CaseActionContext c, BlindBidRequest request, BlindBidOptions options) =>
        c.Case.PlaceBlindBid(c.Role, CaseActions.ToMoney(request.Amount, "amount"), options.MaxGapPercent, c.Now, c.Periods);
}
