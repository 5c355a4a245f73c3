using Odr.Domain.Common;
using Odr.Domain.Disputes.Events;
using Odr.Domain.Parties;

namespace Odr.Domain.Disputes;

/// <summary>The chat channels and the record of messages posted.</summary>
public sealed partial class DisputeCase
{
    /// <summary>The chat channels <paramref name="role"/> may read: the joint room, and a party's own caucus (the mediator: both).</summary>
    public static IReadOnlyList<ChatChannel> ReadableChannels(CaseRole role) => role switch
    {
        CaseRole.Buyer => [ChatChannel.Joint, ChatChannel.CaucusBuyer],
        CaseRole.Seller => [ChatChannel.Joint, ChatChannel.CaucusSeller],
        CaseRole.Mediator => [ChatChannel.Joint, ChatChannel.CaucusBuyer, ChatChannel.CaucusSeller],
        CaseRole.Arbitrator => [ChatChannel.Joint],
        _ => [],
    };

    /// <summary>
    /// Records a chat message (its commitment: the text's salted hash). The joint room is open to the parties and the neutrals
    /// until the case closes; a caucus exists only in mediation, between the mediator and that one party.
    /// </summary>
    public void RecordMessagePosted(Guid messageId, ChatChannel channel, CaseRole by, string commitment, DateTimeOffset now)
    {
        if (Stage == DisputeStage.Closed)
        {
            throw new DomainException(DomainErrorCode.StageDoesNotAllow, "The case is closed: its chat is a read-only transcript.");
        }
        if (!ReadableChannels(by).Contains(channel))
        {
            throw new DomainException(DomainErrorCode.NotPermitted, "You cannot write in that channel.");
        }
        if (channel != ChatChannel.Joint && (Stage != DisputeStage.Mediation || MediatorId is null))
        {
            throw new DomainException(DomainErrorCode.StageDoesNotAllow, "A private caucus with the mediator is held during mediation only.");
        }
        Touch();
        Raise(new MessagePosted(Id, messageId, channel, by, commitment, now));
    }
}
