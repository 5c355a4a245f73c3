using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.SignalR;
using Odr.Domain.Disputes;
using Odr.Domain.Parties;

namespace Odr.Web.Features.Chat;

/// <summary>
/// The chat's floor, for the benchmarks (bench/README.md) and nothing else: mapped only when
/// <c>Odr:Diagnostics:BroadcastProbe</c> is true (never by default). The same SignalR stack, protocol, sign-in and group
/// fan-out as <see cref="DisputeChatHub"/>, and the same message shape, but no database: what a chat message costs
/// beyond its broadcast is the difference between the two.
/// </summary>
[Authorize(Policy = DisputeChatHub.HubPolicy)]
public sealed class BroadcastProbeHub(TimeProvider time) : Hub
{
    public const string Path = DisputeChatHub.Path + "/probe";

    public Task Join(string room) => Groups.AddToGroupAsync(Context.ConnectionId, Group(room), Context.ConnectionAborted);

    public async Task<ChatMessageResponse> Send(string room, string text)
    {
        var message = new ChatMessageResponse(Guid.Empty, Guid.CreateVersion7(), 0, ChatChannel.Joint, CaseRole.Buyer,
            Context.User?.Identity?.Name ?? "", text, time.GetUtcNow());
        await Clients.Group(Group(room)).SendAsync("messageReceived", message, Context.ConnectionAborted);
        return message;
    }

    private static string Group(string room) => "probe:" + room;
}
