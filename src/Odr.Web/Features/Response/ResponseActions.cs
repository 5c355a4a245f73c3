using Odr.Domain.Disputes;
using Odr.Web.Features.Disputes;

namespace Odr.Web.Features.Response;

/// <summary>The seller's response turned into its commands, once: the API's endpoint and the case page's form both call this.</summary>
public static class ResponseActions
{
    public static void Respond(CaseActionContext c, RespondRequest request)
    {
        // The seller's position on the law is taken first: it is part of the response, whatever stage follows.
        if (request.GoverningLawPosition is { } position && c.Case.Stage == DisputeStage.AwaitingResponse)
        {
            c.Case.TakeGoverningLawPosition(c.Role, CaseActions.ToLaw(position.Law, "governingLawPosition.law"), position.Reason, c.Now);
        }
        c.Case.Respond(c.Role, CaseActions.Required(request.Action, "action"),
            request.Action == ResponseAction.CounterOffer && request.Offer is not null
                ? CaseActions.ToRemedy(request.Offer.Remedy, c.Case.Order.AmountPaid, "offer.remedy") : null,
            request.Offer?.Message, request.Statement, request.ConsentToArbitration ?? false, c.Now, c.Periods);
    }
}
