using Odr.Domain.Disputes;

namespace Odr.Web.Infrastructure.History;

/// <summary>
/// One entry of a chat channel's own hash chain (the joint room, or one party's caucus with the mediator): a message's
/// salted commitment. Kept apart from the case's history so that those who may not read the channel learn nothing of it,
/// not even how many messages it holds or when they were written (ADR 008). Its chain starts at 64 zeros, like a case's.
/// </summary>
public sealed class ChannelEvent : ChainedEvent
{
    public ChatChannel Channel { get; set; }
}
