using Odr.Domain.Common;
using Odr.Domain.Disputes;
using Odr.Web.Features.Disputes;

namespace Odr.Web.Features.Appeals;

/// <summary>Each appeal request turned into its command, once: the API's endpoints and the case page's forms both call these.</summary>
public static class AppealActions
{
    public static void Appeal(CaseActionContext c, AppealRequest request) =>
        c.Case.Appeal(c.Role, CaseActions.Required(request.Grounds, "grounds"), request.Statement, c.Now, c.Periods);

    public static void Decide(CaseActionContext c, AppealDecisionRequest request)
    {
        var decision = CaseActions.Required(request.Decision, "decision");
        AppealAward? award = null;
        if (request.Award is { } given)
        {
            var amount = given.Amount is null ? (Money?)null : CaseActions.ToMoney(given.Amount, "award.amount");
            award = new AppealAward(CaseActions.Required(given.Decision, "award.decision"), amount, CaseActions.ToLaw(given.GoverningLaw, "award.governingLaw"));
        }
        c.Case.DecideAppeal(c.Role, decision, award, request.Reasons, c.Now, c.Periods);
    }

    /// <summary>What the case shows of its appeal: none unless an award or dismissal was open to appeal.</summary>
    public static AppealResponse? ToAppealResponse(this DisputeCase c) => c.AppealableUntil is null && c.AppealedAt is null
        ? null
        : new AppealResponse(
            c.AppealableUntil,
            c.AwardIsFinal,
            c.AppealedBy,
            c.AppealGrounds,
            c.AppealStatement,
            c.AppealedAt,
            c.AppealedAt is null ? null : c.ArbitratorId?.Value,
            c.Stage == DisputeStage.Appeal ? c.Deadline : null,
            c is { AppealDecision: { } decision, AppealReasons: { } reasons, AppealDecidedAt: { } decidedAt }
                ? new AppealDecisionResponse(decision, reasons, decidedAt, c.OriginalAwardDecision, c.OriginalAwardAmount?.ToResponse())
                : null);
}
