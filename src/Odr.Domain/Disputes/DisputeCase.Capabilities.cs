using Odr.Domain.Common;
using Odr.Domain.Parties;

namespace Odr.Domain.Disputes;

/// <summary>What a viewer may do with a case; each is one command of the aggregate.</summary>
public enum CaseAction
{
    Respond,
    MakeOffer,
    AcceptOffer,
    RejectOffer,
    PlaceBlindBid,
    Escalate,
    ProposeTerms,
    AcceptProposal,
    DeclareImpasse,
    RequestEvidence,
    ConfirmGoverningLaw,
    IssueAward,
    TakeGoverningLawPosition,
    CorrectContractFacts,
    AddEvidence,
    Withdraw,
    ReportCompliance,
    Appeal,
    DecideAppeal,
    ReportPerformance,
}

/// <summary>
/// The capability questions. Each answer is the guard the command itself runs (<c>Ensure(CanX(by))</c>), so a page or an
/// API client that asks is told exactly what the command would allow.
/// </summary>
public sealed partial class DisputeCase
{
    /// <summary>The actions open to <paramref name="viewer"/> now, in <see cref="CaseAction"/> order.</summary>
    public IReadOnlyList<CaseAction> AvailableActions(CaseRole viewer) =>
        Enum.GetValues<CaseAction>().Where(action => Can(action, viewer) is null).ToList();

    /// <summary>Why <paramref name="viewer"/> may not take <paramref name="action"/> now, or none when they may.</summary>
    public Refusal? Can(CaseAction action, CaseRole viewer) => action switch
    {
        CaseAction.Respond => CanRespond(viewer),
        CaseAction.MakeOffer => CanMakeOffer(viewer),
        CaseAction.AcceptOffer => CanAcceptOffer(viewer) ?? OfferToDecide(viewer),
        CaseAction.RejectOffer => CanRejectOffer(viewer) ?? OfferToDecide(viewer),
        CaseAction.PlaceBlindBid => CanPlaceBlindBid(viewer),
        CaseAction.Escalate => CanEscalate(viewer),
        CaseAction.ProposeTerms => CanProposeTerms(viewer),
        CaseAction.AcceptProposal => CanAcceptProposal(viewer)
            ?? (_proposals.Any(p => CanAccept(viewer, p) is null) ? null : new Refusal(DomainErrorCode.Conflict, "noOpenProposal",
                "There is no open proposal for you to accept.")),
        CaseAction.DeclareImpasse => CanDeclareImpasse(viewer),
        CaseAction.RequestEvidence => CanRequestEvidence(viewer),
        CaseAction.ConfirmGoverningLaw => CanConfirmGoverningLaw(viewer),
        CaseAction.IssueAward => CanIssueAward(viewer),
        CaseAction.TakeGoverningLawPosition => CanTakeGoverningLawPosition(viewer),
        CaseAction.CorrectContractFacts => CanCorrectContractFacts(viewer),
        CaseAction.AddEvidence => CanAddEvidence(viewer),
        CaseAction.Withdraw => CanWithdraw(viewer),
        CaseAction.ReportCompliance => CanReportCompliance(viewer),
        CaseAction.Appeal => CanAppeal(viewer),
        CaseAction.DecideAppeal => CanDecideAppeal(viewer),
        CaseAction.ReportPerformance => CanReportPerformance(viewer),
        _ => throw new ArgumentOutOfRangeException(nameof(action), action, "Not an action of a case."),
    };

    /// <summary>Whether <paramref name="viewer"/> may take <paramref name="action"/> now.</summary>
    public bool May(CaseAction action, CaseRole viewer) => Can(action, viewer) is null;

    private Refusal? OfferToDecide(CaseRole viewer) => _offers.Any(o => CanDecide(viewer, o) is null)
        ? null
        : new Refusal(DomainErrorCode.Conflict, "noOpenOffer", "There is no open offer from the other party.");
}
