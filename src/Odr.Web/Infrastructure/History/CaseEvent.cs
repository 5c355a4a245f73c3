using Odr.Domain.Disputes;

namespace Odr.Web.Infrastructure.History;

/// <summary>
/// One entry of a case's append-only, hash-chained history. <see cref="Canonical"/> is the exact text that was
/// hashed: <c>Hash = SHA-256(PreviousHash + Canonical)</c>, lower-case hex. The other columns are copies kept for
/// querying; readers and the audit use the canonical text, so editing a copy is caught as well.
/// </summary>
public sealed class CaseEvent
{
    public const string GenesisHash = "0000000000000000000000000000000000000000000000000000000000000000";

    public DisputeId DisputeId { get; set; }

    public int Seq { get; set; }

    public string Type { get; set; } = "";

    public DateTimeOffset At { get; set; }

    public string ActorRole { get; set; } = "";

    public string Canonical { get; set; } = "";

    public string PreviousHash { get; set; } = "";

    public string Hash { get; set; } = "";
}
