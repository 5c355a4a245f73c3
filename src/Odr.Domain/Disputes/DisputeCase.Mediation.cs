using Odr.Domain.Common;
using Odr.Domain.Disputes.Events;
using Odr.Domain.Parties;

namespace Odr.Domain.Disputes;

/// <summary>Mediation: the mediator, proposals, impasse and how mediation ends.</summary>
public sealed partial class DisputeCase
{
    private readonly List<MediationProposal> _proposals = [];

    public UserId? MediatorId { get; private set; }

    /// <summary>The mediator's non-binding recommendation when mediation ends without settlement or arbitration.</summary>
    public string? MediatorRecommendation { get; private set; }

    public IReadOnlyList<MediationProposal> Proposals => _proposals;

    /// <summary>Assigns the mediator the pool chose; false when one is already assigned or the case has left mediation.</summary>
    public bool AssignMediator(UserId mediator, DateTimeOffset now)
    {
        if (Stage != DisputeStage.Mediation || MediatorId is not null)
        {
            return false;
        }
        if (mediator == Buyer.UserId)
        {
            throw new DomainException(DomainErrorCode.Conflict, "A party cannot mediate its own case.", null, "mediatorIsParty");
        }
        MediatorId = mediator;
        Touch();
        Raise(new NeutralAssigned(Id, CaseRole.Mediator, mediator, now));
        return true;
    }

    /// <summary>Whether <paramref name="viewer"/> may propose terms: the mediator, in mediation.</summary>
    public Refusal? CanProposeTerms(CaseRole viewer) =>
        OnlyThe(CaseRole.Mediator, viewer, "propose terms") ?? OnlyIn("propose terms", DisputeStage.Mediation);

    public MediationProposal ProposeTerms(CaseRole by, Remedy remedy, string? note, DateTimeOffset now)
    {
        Ensure(CanProposeTerms(by));
        var text = OptionalText(note, MediationProposal.NoteMaxLength, "note");
        _ = Remedy.Create(remedy.Type, remedy.Amount, Order.AmountPaid);
        foreach (var open in _proposals.Where(p => p.Status == ProposalStatus.Open))
        {
            open.Supersede();
        }
        var proposal = new MediationProposal(ProposalId.New(), Id, remedy, text, now);
        _proposals.Add(proposal);
        Touch();
        Raise(new ProposalMade(Id, proposal.Id, remedy, now));
        return proposal;
    }

    /// <summary>Whether <paramref name="viewer"/> may accept proposals at this stage (which one: <see cref="CanAccept(CaseRole, MediationProposal)"/>).</summary>
    public Refusal? CanAcceptProposal(CaseRole viewer) =>
        OnlyAParty(viewer, "accept a proposal") ?? OnlyIn("accept a proposal", DisputeStage.Mediation);

    /// <summary>Whether <paramref name="viewer"/> may accept this proposal: while it is open, once.</summary>
    public static Refusal? CanAccept(CaseRole viewer, MediationProposal proposal)
    {
        if (proposal.Status != ProposalStatus.Open)
        {
            return new Refusal(DomainErrorCode.Conflict, "proposalNotOpen", "This proposal is no longer open.");
        }
        return proposal.AcceptedBy(viewer)
            ? new Refusal(DomainErrorCode.Conflict, "proposalAlreadyAccepted", "You have already accepted this proposal.")
            : null;
    }

    public void AcceptProposal(CaseRole by, ProposalId proposalId, DateTimeOffset now, StagePeriods periods)
    {
        Ensure(CanAcceptProposal(by));
        var proposal = _proposals.FirstOrDefault(p => p.Id == proposalId)
            ?? throw new DomainException(DomainErrorCode.InvalidValue, "There is no such proposal on this case.", "proposalId", "noSuchProposal");
        Ensure(CanAccept(by, proposal));
        proposal.Accept(by, now);
        Touch();
        Raise(new ProposalAccepted(Id, proposalId, by, now));
        if (proposal.AcceptedByBoth)
        {
            Settle(SettlementStage.Mediation, proposal.Remedy, DisputeTrigger.ProposalAccepted, now, periods);
        }
    }

    /// <summary>Whether <paramref name="viewer"/> may end mediation without agreement: the mediator, in mediation.</summary>
    public Refusal? CanDeclareImpasse(CaseRole viewer) =>
        OnlyThe(CaseRole.Mediator, viewer, "declare an impasse") ?? OnlyIn("declare an impasse", DisputeStage.Mediation);

    /// <summary>The mediator ends mediation without agreement; the note is the non-binding recommendation.</summary>
    public void DeclareImpasse(CaseRole by, string? note, DateTimeOffset now, StagePeriods periods)
    {
        Ensure(CanDeclareImpasse(by));
        var text = OptionalText(note, NoteMaxLength, "note");
        MediatorRecommendation = text.Length > 0 ? text : MediatorRecommendation;
        Raise(new ImpasseDeclared(Id, now));
        EndMediation(DisputeTrigger.ImpasseDeclared, EscalatedBy.Mediator, CaseRole.Mediator, now, periods);
    }

    private void EndMediation(DisputeTrigger trigger, EscalatedBy by, CaseRole? byRole, DateTimeOffset now, StagePeriods periods)
    {
        if (BothConsentToArbitration)
        {
            MoveTo(trigger, now, periods);
            Raise(new DisputeEscalated(Id, DisputeStage.Mediation, DisputeStage.Arbitration, by, byRole, now));
        }
        else
        {
            // However mediation ends unresolved, the parties keep the mediator's view: the impasse note, else the last proposal.
            MediatorRecommendation ??= _proposals.LastOrDefault(p => p.Note.Length > 0)?.Note;
            Close(trigger, DisputeOutcome.Unresolved, now, periods);
        }
    }
}
