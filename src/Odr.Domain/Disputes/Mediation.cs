using Odr.Domain.Common;
using Odr.Domain.Parties;

namespace Odr.Domain.Disputes;

public enum ProposalStatus
{
    Open,
    Accepted,
    Superseded,
}

/// <summary>Terms the mediator puts to both parties; it settles the case when both accept it.</summary>
public sealed class MediationProposal : Entity<ProposalId>
{
    public const int NoteMaxLength = 4_000;

    private MediationProposal() { } // EF

    internal MediationProposal(ProposalId id, DisputeId disputeId, Remedy remedy, string note, DateTimeOffset now)
    {
        Id = id;
        DisputeId = disputeId;
        Remedy = remedy;
        Note = note;
        Status = ProposalStatus.Open;
        CreatedAt = now;
    }

    public DisputeId DisputeId { get; private set; }

    public Remedy Remedy { get; private set; } = null!;

    public string Note { get; private set; } = "";

    public ProposalStatus Status { get; private set; }

    public DateTimeOffset CreatedAt { get; private set; }

    public DateTimeOffset? BuyerAcceptedAt { get; private set; }

    public DateTimeOffset? SellerAcceptedAt { get; private set; }

    public bool AcceptedByBoth => BuyerAcceptedAt is not null && SellerAcceptedAt is not null;

    internal bool AcceptedBy(CaseRole party) => party == CaseRole.Buyer ? BuyerAcceptedAt is not null : SellerAcceptedAt is not null;

    internal void Accept(CaseRole party, DateTimeOffset now)
    {
        if (party == CaseRole.Buyer)
        {
            BuyerAcceptedAt = now;
        }
        else
        {
            SellerAcceptedAt = now;
        }
        if (AcceptedByBoth)
        {
            Status = ProposalStatus.Accepted;
        }
    }

    internal void Supersede() => Status = ProposalStatus.Superseded;
}
