namespace Odr.Web.Features.Disputes;

/// <summary>The case-wide moves turned into their commands, once: the API's endpoints and the case page's forms both call these.</summary>
public static class LifecycleActions
{
    public static void Escalate(CaseActionContext c, EscalateRequest request) => c.Case.Escalate(c.Role, request.Reason, c.Now, c.Periods);

    public static void Withdraw(CaseActionContext c) => c.Case.Withdraw(c.Role, c.Now, c.Periods);

    public static void ReportCompliance(CaseActionContext c, ComplianceRequest request) =>
        c.Case.ReportCompliance(c.Role, CaseActions.Required(request.Complied, "complied"), request.Note, c.Now, c.Periods);

    public static void ReportPerformance(CaseActionContext c, PerformanceRequest request) =>
        c.Case.ReportPerformance(c.Role, request.PaymentReference, request.Note, c.Now);
}
