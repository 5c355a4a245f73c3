using Odr.Domain.Common;

namespace Odr.Domain.Disputes;

public readonly record struct DisputeId(Guid Value) : IGuidId<DisputeId>
{
    public static DisputeId From(Guid value) => new(value);

    public static DisputeId New() => new(Guid.CreateVersion7());

    public override string ToString() => Value.ToString();
}

public readonly record struct EvidenceId(Guid Value) : IGuidId<EvidenceId>
{
    public static EvidenceId From(Guid value) => new(value);

    public static EvidenceId New() => new(Guid.CreateVersion7());

    public override string ToString() => Value.ToString();
}

public readonly record struct OfferId(Guid Value) : IGuidId<OfferId>
{
    public static OfferId From(Guid value) => new(value);

    public static OfferId New() => new(Guid.CreateVersion7());

    public override string ToString() => Value.ToString();
}

public readonly record struct BlindBidId(Guid Value) : IGuidId<BlindBidId>
{
    public static BlindBidId From(Guid value) => new(value);

    public static BlindBidId New() => new(Guid.CreateVersion7());

    public override string ToString() => Value.ToString();
}

public readonly record struct ProposalId(Guid Value) : IGuidId<ProposalId>
{
    public static ProposalId From(Guid value) => new(value);

    public static ProposalId New() => new(Guid.CreateVersion7());

    public override string ToString() => Value.ToString();
}

public readonly record struct EvidenceRequestId(Guid Value) : IGuidId<EvidenceRequestId>
{
    public static EvidenceRequestId From(Guid value) => new(value);

    public static EvidenceRequestId New() => new(Guid.CreateVersion7());

    public override string ToString() => Value.ToString();
}

public readonly record struct DocumentId(Guid Value) : IGuidId<DocumentId>
{
    public static DocumentId From(Guid value) => new(value);

    public static DocumentId New() => new(Guid.CreateVersion7());

    public override string ToString() => Value.ToString();
}
