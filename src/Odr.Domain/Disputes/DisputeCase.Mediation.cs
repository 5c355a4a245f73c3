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
            throw new DomainException(DomainErrorCode.Conflict, "A party cannot mediate its own case.");
        }
        MediatorId = mediator;
        Touch();
        Raise(new NeutralAssigned(Id, CaseRole.Mediator, mediator, now));
        return true;
    }

    public MediationProposal ProposeTerms(CaseRole by, Remedy remedy, string? note, DateTimeOffset now)
    {
        EnsureRole(by, CaseRole.Mediator, "propose terms");
        EnsureStage("propose terms", DisputeStage.Mediation);
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

    public void AcceptProposal(CaseRole by, ProposalId proposalId, DateTimeOffset now, StagePeriods periods)
    {
        EnsureParty(by, "accept a proposal");
        EnsureStage("accept a proposal", DisputeStage.Mediation);
        var proposal = _proposals.FirstOrDefault(p => p.Id == proposalId)
            ?? throw new DomainException(DomainErrorCode.InvalidValue, "There is no such proposal on this case.", "proposalId");
        if (proposal.Status != ProposalStatus.Open)
        {
            throw new DomainException(DomainErrorCode.Conflict, "This proposal is no longer open.");
        }
        if (proposal.AcceptedBy(by))
        {
            throw new DomainException(DomainErrorCode.Conflict, "You have already accepted this proposal.");
        }
        proposal.Accept(by, now);
        Touch();
        Raise(new ProposalAccepted(Id, proposalId, by, now));
        if (proposal.AcceptedByBoth)
        {
            Settle(SettlementStage.Mediation, proposal.Remedy, DisputeTrigger.ProposalAccepted, now, periods);
        }
    }

    /// <summary>The mediator ends mediation without agreement; the note is the non-binding recommendation.</summary>
    public void DeclareImpasse(CaseRole by, string? note, DateTimeOffset now, StagePeriods periods)
    {
        EnsureRole(by, CaseRole.Mediator, "declare an impasse");
        EnsureStage("declare an impasse", DisputeStage.Mediation);
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
