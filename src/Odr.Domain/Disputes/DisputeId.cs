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
