using Odr.Domain.Common;
using Odr.Domain.Disputes;
using Odr.Web.Features.Disputes;

namespace Odr.Web.Features.Arbitration;

/// <summary>Each arbitration request turned into its command, once: the API's endpoints and the case page's forms both call these.</summary>
public static class ArbitrationActions
{
    public static EvidenceRequest RequestEvidence(CaseActionContext c, EvidenceRequestInput request) =>
        c.Case.RequestEvidence(c.Role, CaseActions.Required(request.From, "from"), request.Request, CaseActions.Required(request.DueInDays, "dueInDays"), c.Now);

    public static void IssueAward(CaseActionContext c, AwardRequest request)
    {
        var decision = CaseActions.Required(request.Decision, "decision");
        var law = CaseActions.ToLaw(request.GoverningLaw, "governingLaw");
        var amount = request.Amount is null ? (Money?)null : CaseActions.ToMoney(request.Amount, "amount");
        c.Case.IssueAward(c.Role, decision, amount, law, request.Reasons, c.Now, c.Periods);
    }
}
