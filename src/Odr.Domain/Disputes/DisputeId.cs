namespace Odr.Domain.Disputes;

public readonly record struct DisputeId(Guid Value)
{
    public static DisputeId New() => new(Guid.CreateVersion7());

    public override string ToString() => Value.ToString();
}

public readonly record struct EvidenceId(Guid Value)
{
    public static EvidenceId New() => new(Guid.CreateVersion7());

    public override string ToString() => Value.ToString();
}

public readonly record struct OfferId(Guid Value)
{
    public static OfferId New() => new(Guid.CreateVersion7());

    public override string ToString() => Value.ToString();
}

public readonly record struct BlindBidId(Guid Value)
{
    public static BlindBidId New() => new(Guid.CreateVersion7());

    public override string ToString() => Value.ToString();
}

public readonly record struct ProposalId(Guid Value)
{
    public static ProposalId New() => new(Guid.CreateVersion7());

    public override string ToString() => Value.ToString();
}

public readonly record struct EvidenceRequestId(Guid Value)
{
    public static EvidenceRequestId New() => new(Guid.CreateVersion7());

    public override string ToString() => Value.ToString();
}
