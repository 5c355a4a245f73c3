using Odr.Domain.Disputes;
using Odr.Domain.GoverningLaw;
using Odr.Web.Features.Disputes;

namespace Odr.Web.Features.GoverningLaw;

/// <summary>Each governing-law request on a case turned into its command, once: the API's endpoints and the case page's forms both call these.</summary>
public static class CaseGoverningLawActions
{
    public static void TakePosition(CaseActionContext c, LawPositionInput request) =>
        c.Case.TakeGoverningLawPosition(c.Role, CaseActions.ToLaw(request.Law, "law"), request.Reason, c.Now);

    public static void Confirm(CaseActionContext c, ConfirmLawRequest request) =>
        c.Case.ConfirmGoverningLaw(c.Role, CaseActions.ToLaw(request.Law, "law"), c.Now);

    public static void CorrectFacts(CaseActionContext c, CorrectFactsRequest request, GoverningLawEngine engine) =>
        c.Case.CorrectContractFacts(c.Role, new ContractFactsCorrection
        {
            SellerDirectsToBuyerCountry = request.SellerDirectsToBuyerCountry,
            ChoiceOfLaw = string.IsNullOrWhiteSpace(request.ChoiceOfLaw) ? null : CaseActions.ToLaw(request.ChoiceOfLaw, "choiceOfLaw"),
            RemoveChoiceOfLaw = request.RemoveChoiceOfLaw ?? false,
            ChoiceOfLawSource = request.ChoiceOfLawSource,
            ContractType = request.ContractType,
            BuyerSubdivision = string.IsNullOrWhiteSpace(request.BuyerSubdivision) ? null : request.BuyerSubdivision.Trim(),
            SellerSubdivision = string.IsNullOrWhiteSpace(request.SellerSubdivision) ? null : request.SellerSubdivision.Trim(),
            CisgExpresslyExcluded = request.CisgExpresslyExcluded,
        }, engine, c.Now);
}
