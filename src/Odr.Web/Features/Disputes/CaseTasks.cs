using Odr.Domain.Disputes;
using Odr.Domain.Parties;

namespace Odr.Web.Features.Disputes;

/// <summary>What a viewer must (or may) do on a case, as the case page's first card and the notification centre list it.</summary>
public enum CaseTaskKind
{
    Respond,
    AnswerEvidenceRequest,
    DecideOffer,
    DecideProposal,
    ReportCompliance,
    CarryOutOutcome,
    DecideAppeal,
    Mediate,
    IssueAward,
    ConfirmGoverningLaw,
    Negotiate,
}

/// <summary>One thing the viewer must do, by when (none: the stage has no deadline for it), and the form that does it.</summary>
public sealed record CaseTask(CaseTaskKind Kind, DateTimeOffset? Due, string Anchor, string? Detail = null)
{
    /// <summary>Due within two days: shown first and marked urgent.</summary>
    public bool IsUrgent(DateTimeOffset now) => Due is { } due && due - now <= TimeSpan.FromDays(2);
}

/// <summary>
/// The viewer's tasks, drawn from the aggregate's answers (<see cref="DisputeCase.AvailableActions"/>) and the viewer's own
/// deadlines (an evidence request due from them), nearest deadline first. The page never repeats a guard: a task is listed
/// only when the aggregate allows its action.
/// </summary>
public static class CaseTasks
{
    public static IReadOnlyList<CaseTask> For(DisputeCase c, CaseRole viewer)
    {
        var tasks = new List<CaseTask>();
        var may = c.AvailableActions(viewer).ToHashSet();
        if (may.Contains(CaseAction.Respond))
        {
            tasks.Add(new CaseTask(CaseTaskKind.Respond, c.Deadline, "respond"));
        }
        foreach (var request in c.EvidenceRequests.Where(r => r.From == viewer && r.Status == EvidenceRequestStatus.Open && may.Contains(CaseAction.AddEvidence)))
        {
            tasks.Add(new CaseTask(CaseTaskKind.AnswerEvidenceRequest, request.DueAt, "add-evidence", request.Request));
        }
        if (may.Contains(CaseAction.AcceptOffer))
        {
            tasks.Add(new CaseTask(CaseTaskKind.DecideOffer, c.Deadline, "offers"));
        }
        else if (may.Contains(CaseAction.MakeOffer))
        {
            tasks.Add(new CaseTask(CaseTaskKind.Negotiate, c.Deadline, "offer"));
        }
        if (may.Contains(CaseAction.AcceptProposal))
        {
            tasks.Add(new CaseTask(CaseTaskKind.DecideProposal, c.Deadline, "proposals"));
        }
        if (may.Contains(CaseAction.ProposeTerms))
        {
            tasks.Add(new CaseTask(CaseTaskKind.Mediate, c.Deadline, "proposal"));
        }
        if (may.Contains(CaseAction.ConfirmGoverningLaw) && c.ConfirmedGoverningLaw is null)
        {
            tasks.Add(new CaseTask(CaseTaskKind.ConfirmGoverningLaw, c.Deadline, "confirmLaw"));
        }
        if (may.Contains(CaseAction.IssueAward))
        {
            tasks.Add(new CaseTask(CaseTaskKind.IssueAward, c.Deadline, "award"));
        }
        if (may.Contains(CaseAction.ReportCompliance))
        {
            tasks.Add(new CaseTask(CaseTaskKind.ReportCompliance, c.Deadline, "compliance"));
        }
        if (may.Contains(CaseAction.ReportPerformance))
        {
            tasks.Add(new CaseTask(CaseTaskKind.CarryOutOutcome, c.Deadline, "carry-out"));
        }
        if (may.Contains(CaseAction.DecideAppeal))
        {
            tasks.Add(new CaseTask(CaseTaskKind.DecideAppeal, c.Deadline, "appealDecisionForm"));
        }
        return tasks.OrderBy(t => t.Due ?? DateTimeOffset.MaxValue).ThenBy(t => t.Kind).ToList();
    }

    /// <summary>The words for a task (a key of the language layer), one for the case page's card and the notification centre.</summary>
    public static string TextOf(CaseTaskKind kind) => kind switch
    {
        CaseTaskKind.Respond => "Respond to the complaint: accept it, make a counter-offer or contest it.",
        CaseTaskKind.AnswerEvidenceRequest => "Send the evidence the arbitrator asked you for.",
        CaseTaskKind.DecideOffer => "Accept or reject the other side's offer.",
        CaseTaskKind.Negotiate => "Make an offer, or ask for a mediator.",
        CaseTaskKind.DecideProposal => "Accept the mediator's proposal, or keep talking in the chat.",
        CaseTaskKind.Mediate => "Help the parties settle: propose terms, or declare an impasse.",
        CaseTaskKind.ConfirmGoverningLaw => "Confirm the governing law.",
        CaseTaskKind.IssueAward => "Issue a reasoned award.",
        CaseTaskKind.ReportCompliance => "Tell us whether the seller carried out the outcome.",
        CaseTaskKind.CarryOutOutcome => "Carry out the outcome, then tell us it is done.",
        CaseTaskKind.DecideAppeal => "Decide the appeal: uphold, vary or set aside the award, with reasons.",
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, null),
    };
}
