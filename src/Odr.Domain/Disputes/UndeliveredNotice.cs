using Odr.Domain.Parties;

namespace Odr.Domain.Disputes;

/// <summary>
/// A notice about the case that could not be delivered (given up on after its retries, or refused for good by the mail
/// server): whom it was for, what it said, and since when. It stays on the case until the notice is delivered.
/// </summary>
public sealed class UndeliveredNotice
{
    public const int KeyMaxLength = 200;

    public const int KindMaxLength = 32;

    private UndeliveredNotice() { } // EF

    internal UndeliveredNotice(string key, DisputeId disputeId, CaseRole recipient, string kind, DateTimeOffset since)
    {
        Key = key;
        DisputeId = disputeId;
        Recipient = recipient;
        Kind = kind;
        Since = since;
    }

    /// <summary>The notice's own key (the one that makes it go out once).</summary>
    public string Key { get; private set; } = "";

    public DisputeId DisputeId { get; private set; }

    public CaseRole Recipient { get; private set; }

    public string Kind { get; private set; } = "";

    public DateTimeOffset Since { get; private set; }
}
