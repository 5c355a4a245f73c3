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
    /// Whether <paramref name="viewer"/> may write in <paramref name="channel"/>: the joint room is open to the parties and
    /// the neutrals until the case closes; a caucus exists only in mediation with a mediator, between the mediator and that one party.
    /// </summary>
    public Refusal? CanPostIn(ChatChannel channel, CaseRole viewer)
    {
        if (Stage == DisputeStage.Closed)
        {
            return new Refusal(DomainErrorCode.StageDoesNotAllow, "chatClosed", "The case is closed: its chat is a read-only transcript.");
        }
        if (!ReadableChannels(viewer).Contains(channel))
        {
            return new Refusal(DomainErrorCode.NotPermitted, "channelNotPermitted", "You cannot write in that channel.");
        }
        return channel == ChatChannel.Joint || (Stage == DisputeStage.Mediation && MediatorId is not null)
            ? null
            : new Refusal(DomainErrorCode.StageDoesNotAllow, "caucusOutsideMediation", "A private caucus with the mediator is held during mediation only.");
    }

    /// <summary>Records a chat message (its commitment: the text's salted hash), where <see cref="CanPostIn"/> allows it.</summary>
    public void RecordMessagePosted(Guid messageId, ChatChannel channel, CaseRole by, string commitment, DateTimeOffset now)
    {
        Ensure(CanPostIn(channel, by));
        // No new version: a message changes nothing the case's rules read, so it must not turn a party's pending answer
        // (or another message) into a conflict. Its save still holds the case's row at the version it was read.
        Raise(new MessagePosted(Id, messageId, channel, by, commitment, now));
    }
}
