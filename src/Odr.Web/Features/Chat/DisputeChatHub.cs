using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Localization;
using Microsoft.Extensions.Localization;
using Microsoft.AspNetCore.SignalR;
using Odr.Domain.Common;
using Odr.Domain.Disputes;
using Odr.Domain.Parties;
using Odr.Web.Features.Disputes;
using Odr.Web.Infrastructure.Identity;
using Odr.Web.Infrastructure.Localization;

namespace Odr.Web.Features.Chat;

/// <summary>
/// The live case chat (<c>/hubs/cases</c>). Signed in by cookie or by bearer token (<c>access_token</c> in the query).
/// A caller joins only a case it takes part in, and only the groups its part may read: a party never receives the
/// other party's caucus.
/// </summary>
[Authorize(Policy = HubPolicy)]
public sealed class DisputeChatHub(CaseAccess access, ChatService chat, ChatConnections connections, IStringLocalizer<Text> t) : Hub
{
    public const string HubPolicy = "hub";
    public const string Path = "/hubs/cases";

    public override async Task OnConnectedAsync()
    {
        connections.Add(Context);
        await CurrentAsync();
    }

    public override Task OnDisconnectedAsync(Exception? exception)
    {
        connections.Remove(Context.ConnectionId);
        return Task.CompletedTask;
    }

    public async Task JoinCase(Guid caseId)
    {
        var (user, role) = await FindAsync(caseId);
        foreach (var channel in DisputeCase.ReadableChannels(role))
        {
            await Groups.AddToGroupAsync(Context.ConnectionId, ChatService.Group(caseId, channel, user.UserId), Context.ConnectionAborted);
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

    /// <summary>The caller has read the case's chat (its page shows the messages that came): no digest of them is mailed.</summary>
    public async Task MarkRead(Guid caseId)
    {
        var (user, _) = await FindAsync(caseId);
        await chat.MarkReadAsync(user.UserId, new DisputeId(caseId), Context.ConnectionAborted);
    }

    /// <summary>What the caller missed: messages it may read after <paramref name="afterSeq"/>, in order, each once.</summary>
    public async Task<IReadOnlyList<ChatMessageResponse>> GetMessagesSince(Guid caseId, int afterSeq) =>
        await Guard(async user => await chat.TranscriptAsync(user, caseId, afterSeq, Context.ConnectionAborted)
            ?? throw new DomainException(DomainErrorCode.NotPermitted, "This case does not exist or is not yours.", refusalCode: "caseNotYours"));

    private async Task<(OdrUser User, CaseRole Role)> FindAsync(Guid caseId)
    {
        var user = await SignedInAsync();
        if (await access.FindAsync(new DisputeId(caseId), user, Context.ConnectionAborted) is not var (_, role))
        {
            using var language = InCallersLanguage();
            throw new HubException(t.Refusal("caseNotYours", [], "This case does not exist or is not yours."));
        }
        return (user, role);
    }

    /// <summary>
    /// The caller's account, fresh from the database, as long as it still carries the security stamp the connection signed
    /// in with; otherwise (it signed out, changed its password or address since) the connection is closed.
    /// </summary>
    private async Task<OdrUser> SignedInAsync()
    {
        if (await CurrentAsync() is { } user)
        {
            return user;
        }
        using var language = InCallersLanguage();
        throw new HubException(t.Refusal("signInEnded", [], "Your sign-in has ended; sign in again."));
    }

    /// <summary>
    /// The language of the request that opened the connection (its culture cookie or Accept-Language, as for pages): a
    /// hub call runs outside that request, so refusals are written in it explicitly.
    /// </summary>
    private IDisposable InCallersLanguage() =>
        Languages.Use(Context.GetHttpContext()?.Features.Get<IRequestCultureFeature>()?.RequestCulture.UICulture.Name ?? Languages.English);

    private async Task<OdrUser?> CurrentAsync()
    {
        if (await access.CurrentUserAsync(Context.User!) is { } user && user.SecurityStamp == connections.StampOf(Context.User!))
        {
            return user;
        }
        Context.Abort();
        return null;
    }

    /// <summary>Domain refusals reach the client as a HubException with their message (other errors stay hidden).</summary>
    private async Task<T> Guard<T>(Func<OdrUser, Task<T>> action)
    {
        var user = await SignedInAsync();
        try
        {
            return await action(user);
        }
        catch (DomainException e)
        {
            using var language = InCallersLanguage();
            throw new HubException(t.Error(e));
        }
    }
}
