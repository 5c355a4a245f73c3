using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.SignalR;
using Odr.Domain.Common;
using Odr.Domain.Disputes;
using Odr.Domain.Parties;
using Odr.Web.Features.Disputes;
using Odr.Web.Infrastructure.Identity;

namespace Odr.Web.Features.Chat;

/// <summary>
/// The live case chat (<c>/hubs/cases</c>). Signed in by cookie or by bearer token (<c>access_token</c> in the query).
/// A caller joins only a case it takes part in, and only the groups its part may read: a party never receives the
/// other party's caucus.
/// </summary>
[Authorize(Policy = HubPolicy)]
public sealed class DisputeChatHub(CaseAccess access, ChatService chat) : Hub
{
    public const string HubPolicy = "hub";
    public const string Path = "/hubs/cases";

    public async Task JoinCase(Guid caseId)
    {
        var (_, role) = await FindAsync(caseId);
        foreach (var channel in DisputeCase.ReadableChannels(role))
        {
            await Groups.AddToGroupAsync(Context.ConnectionId, ChatService.Group(caseId, channel), Context.ConnectionAborted);
        }
    }

    public async Task<ChatMessageResponse> SendMessage(Guid caseId, string text) =>
        await Guard(async user => await chat.PostAsync(user, caseId, ChatChannel.Joint, text, Context.ConnectionAborted));

    /// <summary>The mediator writes to one party's caucus (<paramref name="party"/>: buyer or seller); a party, to its own.</summary>
    public async Task<ChatMessageResponse> SendCaucusMessage(Guid caseId, string party, string text)
    {
        var channel = party?.ToLowerInvariant() switch
        {
            "buyer" => ChatChannel.CaucusBuyer,
            "seller" => ChatChannel.CaucusSeller,
            _ => throw new HubException("The caucus party is 'buyer' or 'seller'."),
        };
        return await Guard(async user => await chat.PostAsync(user, caseId, channel, text, Context.ConnectionAborted));
    }

    /// <summary>What the caller missed: messages it may read after <paramref name="afterSeq"/>, in order, each once.</summary>
    public async Task<IReadOnlyList<ChatMessageResponse>> GetMessagesSince(Guid caseId, int afterSeq) =>
        await Guard(async user => await chat.TranscriptAsync(user, caseId, afterSeq, Context.ConnectionAborted)
            ?? throw new HubException("This case does not exist or is not yours."));

    private async Task<(OdrUser User, CaseRole Role)> FindAsync(Guid caseId)
    {
        var user = await access.CurrentUserAsync(Context.User!) ?? throw new HubException("Sign in first.");
        if (await access.FindAsync(new DisputeId(caseId), user, Context.ConnectionAborted) is not var (_, role))
        {
            throw new HubException("This case does not exist or is not yours.");
        }
        return (user, role);
    }

    /// <summary>Domain refusals reach the client as a HubException with their message (other errors stay hidden).</summary>
    private async Task<T> Guard<T>(Func<OdrUser, Task<T>> action)
    {
        var user = await access.CurrentUserAsync(Context.User!) ?? throw new HubException("Sign in first.");
        try
        {
            return await action(user);
        }
        catch (DomainException e)
        {
            throw new HubException(e.Message);
        }
    }
}
