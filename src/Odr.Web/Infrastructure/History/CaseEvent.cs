using Odr.Domain.Disputes;

namespace Odr.Web.Infrastructure.History;

/// <summary>
/// One link of a hash chain, stored as the exact text that was hashed: <c>Hash = SHA-256(PreviousHash + Canonical)</c>,
/// lower-case hex, the first link's previous hash 64 zeros. A case's history is one chain; each chat channel of the case
/// has its own (<see cref="ChannelEvent"/>), so that it can be shown to its readers only. The columns other than the
/// hashes and the canonical text are copies kept for querying; readers and the audit use the canonical text.
/// </summary>
public abstract class ChainedEvent
{
    public DisputeId DisputeId { get; set; }

    /// <summary>1, 2, 3… within the chain.</summary>
    public int Seq { get; set; }

    public string Type { get; set; } = "";

    public DateTimeOffset At { get; set; }

    public string ActorRole { get; set; } = "";

    public string Canonical { get; set; } = "";

    public string PreviousHash { get; set; } = "";

    public string Hash { get; set; } = "";
}

/// <summary>
/// One entry of a case's append-only, hash-chained history. <see cref="Canonical"/> is the exact text that was
/// hashed: <c>Hash = SHA-256(PreviousHash + Canonical)</c>, lower-case hex. The other columns are copies kept for
/// querying; readers and the audit use the canonical text, so editing a copy is caught as well.
/// </summary>
public sealed class CaseEvent : ChainedEvent
{
    public const string GenesisHash = "0000000000000000000000000000000000000000000000000000000000000000";
}
