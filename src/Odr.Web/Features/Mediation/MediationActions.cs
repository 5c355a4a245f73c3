using Odr.Domain.Disputes;
using Odr.Web.Features.Disputes;

namespace Odr.Web.Features.Mediation;

/// <summary>Each mediation request turned into its command, once: the API's endpoints and the case page's forms both call these.</summary>
public static class MediationActions
{
    public static MediationProposal ProposeTerms(CaseActionContext c, ProposalRequest request) =>
        c.Case.ProposeTerms(c.Role, CaseActions.ToRemedy(request.Remedy, c.Case.Order.AmountPaid, "remedy"), request.Note, c.Now);

    public static void AcceptProposal(CaseActionContext c, Guid proposalId) =>
        c.Case.AcceptProposal(c.Role, new ProposalId(proposalId), c.Now, c.Periods);

    public static void DeclareImpasse(CaseActionContext c, ImpasseRequest request) => c.Case.DeclareImpasse(c.Role, request.Note, c.Now, c.Periods);
}
