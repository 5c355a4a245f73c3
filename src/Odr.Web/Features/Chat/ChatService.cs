using Microsoft.AspNetCore.SignalR;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Odr.Domain.Common;
using Odr.Domain.Disputes;
using Odr.Domain.Parties;
using Odr.Web.Features.Disputes;
using Odr.Web.Infrastructure;
using Odr.Web.Infrastructure.Identity;

namespace Odr.Web.Features.Chat;

/// <summary>
/// Posting and reading a case's chat. A message is saved (with its hash in the case's history) before anyone is sent
/// it; then it goes to the room or caucus group it belongs to. Readers see only the channels their part allows.
/// </summary>
public sealed class ChatService(OdrDbContext db, CaseAccess access, IHubContext<DisputeChatHub> hub, IChatRateLimiter limiter, TimeProvider time,
    IOptions<ChatOptions> options)
{
    /// <summary>
    /// A connection joins the group of each channel it may read, under its own account; a send names the groups of the
    /// accounts that may read the channel at that moment (<see cref="SendToReadersAsync"/>), so access that ended since a
    /// connection joined does not carry it on.
    /// </summary>
    public static string Group(Guid caseId, ChatChannel channel, UserId reader) => $"case:{caseId}:{channel}:{reader.Value}";

    /// <summary>Sends to the connections of those who may read <paramref name="channel"/> of the case now, on every node.</summary>
    public async Task SendToReadersAsync(DisputeCase dispute, ChatChannel channel, string method, object payload, CancellationToken ct) =>
        await SendToAsync(dispute, channel, await access.ReadersAsync(dispute, channel, ct), method, payload, ct);

    private async Task SendToAsync(DisputeCase dispute, ChatChannel channel, IReadOnlyList<UserId> readers, string method, object payload, CancellationToken ct)
    {
        var groups = readers.Select(reader => Group(dispute.Id.Value, channel, reader)).ToList();
        await hub.Clients.Groups(groups).SendAsync(method, payload, ct);
    }

    public async Task<ChatMessageResponse> PostAsync(OdrUser user, Guid caseId, ChatChannel channel, string? text, CancellationToken ct)
    {
        var body = text ?? "";
        if (string.IsNullOrWhiteSpace(body))
        {
            throw new DomainException(DomainErrorCode.InvalidValue, "A message cannot be empty.", "text", "chatMessageEmpty");
        }
        if (body.Length > ChatMessage.TextMaxLength)
        {
            throw new DomainException(DomainErrorCode.InvalidValue, $"A message has at most {ChatMessage.TextMaxLength} characters.", "text", "chatMessageTooLong")
            {
                Args = [ChatMessage.TextMaxLength],
            };
        }
        if (!await limiter.TryAcquireAsync(user.UserId, ct))
        {
            throw new DomainException(DomainErrorCode.Conflict, "You are sending messages too quickly; wait a few seconds.", refusalCode: "chatTooFast");
        }
        var salt = ChatMessage.NewSalt();
        // One connection for the post's reads and its save, where EF Core would take one from the pool and give it back
        // for each read (on SQLite, opening and closing were 5 % of the running samples in a profile under the chat's
        // load; bench/analysis.md, chat). A failed save rolls back its own transaction, so a retry here finds the write
        // turn free (OdrDbContext).
        await db.Database.OpenConnectionAsync(ct);
        for (var attempt = 1; ; attempt++)
        {
            // Posting reads only the case's own fields (stage, neutral, parties), so its collections are not loaded.
            if (await access.FindCaseRowAsync(new DisputeId(caseId), user, ct) is not var (dispute, role))
            {
                throw new DomainException(DomainErrorCode.NotPermitted, "This case does not exist or is not yours.", refusalCode: "caseNotYours");
            }
            var now = time.GetUtcNow();
            var message = new ChatMessage
            {
                Id = Guid.CreateVersion7(),
                DisputeId = dispute.Id,
                // Counted apart from the channel's chain, though a new message extends both: messages from before each
                // channel had a chain of its own (ADR 008) are not in it.
                Seq = (await db.Set<ChatMessage>().Where(m => m.DisputeId == dispute.Id && m.Channel == channel).MaxAsync(m => (int?)m.Seq, ct) ?? 0) + 1,
                Channel = channel,
                SenderUserId = user.UserId,
                SenderRole = role,
                SenderName = user.NameForDisplay,
                Text = body,
                Salt = salt,
                Sha256 = ChatMessage.Commit(salt, body),
                SentAt = now,
            };
            dispute.RecordMessagePosted(message.Id, channel, role, message.Sha256, now);
            db.Add(message);
            var readers = await access.ReadersAsync(dispute, channel, ct);
            await ScheduleDigestsAsync(dispute, message, readers, ct);
            try
            {
                await db.SaveChangesAsync(ct);
            }
            catch (DbUpdateException) when (attempt < 5)
            {
                // Another message took this number (or changed the case) first: read again and take the next one.
                db.ChangeTracker.Clear();
                continue;
            }
            var response = ToResponse(message);
            await SendToAsync(dispute, channel, readers, "messageReceived", response, ct);
            return response;
        }
    }

    /// <summary>
    /// The transcript the viewer may read, in the order it was said: in each readable channel the messages numbered after
    /// <paramref name="afterSeq"/> (0: all). Numbers are per channel, so a client that has seen different amounts of
    /// each asks after the least and drops what it already shows (by id).
    /// </summary>
    public async Task<IReadOnlyList<ChatMessageResponse>?> TranscriptAsync(OdrUser user, Guid caseId, int afterSeq, CancellationToken ct)
    {
        if (await access.FindAsync(new DisputeId(caseId), user, ct) is not var (dispute, role))
        {
            return null;
        }
        return await TranscriptAsync(dispute.Id, role, user.UserId, afterSeq, ct);
    }

    /// <summary>
    /// The transcript of a case the caller has already found the viewer's role in (the case page: no second load of the
    /// case); reading it is reading the chat, so the reader's waiting digest goes.
    /// </summary>
    public async Task<IReadOnlyList<ChatMessageResponse>> TranscriptAsync(DisputeId caseId, CaseRole role, UserId reader, int afterSeq, CancellationToken ct)
    {
        await MarkReadAsync(reader, caseId, ct);
        var channels = DisputeCase.ReadableChannels(role).ToList();
        var messages = await db.Set<ChatMessage>().AsNoTracking()
            .Where(m => m.DisputeId == caseId && m.Seq > afterSeq && channels.Contains(m.Channel))
            .OrderBy(m => m.SentAt).ThenBy(m => m.Channel).ThenBy(m => m.Seq).ToListAsync(ct);
        return messages.Select(ToResponse).ToList();
    }

    /// <summary>
    /// What the case page shows of each of <paramref name="channels"/> (those the viewer may read): its latest <paramref name="take"/> messages, or, for
    /// <paramref name="earlierIn"/>, the <paramref name="take"/> before message <paramref name="before"/>. Each is one
    /// read of the (case, channel, number) index from the end, so a page costs the same whatever the chat's length.
    /// Reading it is reading the chat, so the reader's waiting digest goes.
    /// </summary>
    public async Task<IReadOnlyList<ChatChannelPage>> PagesAsync(DisputeId caseId, IReadOnlyList<ChatChannel> channels, UserId reader, int take,
        ChatChannel? earlierIn, int? before, CancellationToken ct)
    {
        await MarkReadAsync(reader, caseId, ct);
        var windows = new List<(ChatChannel Channel, bool Latest)>();
        IQueryable<ChatMessage>? newest = null;
        foreach (var channel in channels)
        {
            var messages = db.Set<ChatMessage>().AsNoTracking().Where(m => m.DisputeId == caseId && m.Channel == channel);
            var until = channel == earlierIn ? before : null;
            // A window that reaches the newest message is the latest page (live messages join it), whatever was asked.
            var later = until is { } limit && await messages.AnyAsync(m => m.Seq >= limit, ct);
            var window = (later ? messages.Where(m => m.Seq < until!.Value) : messages).OrderByDescending(m => m.Seq).Take(take + 1);
            newest = newest is null ? window : newest.Concat(window);
            windows.Add((channel, !later));
        }
        // Every channel's window in one statement (a UNION ALL), not a round trip each (bench/analysis.md, pages).
        var read = newest is null ? [] : await newest.ToListAsync(ct);
        return windows.Select(w =>
        {
            var shown = read.Where(m => m.Channel == w.Channel).OrderByDescending(m => m.Seq).ToList();
            return new ChatChannelPage(w.Channel, shown.Take(take).Reverse().Select(ToResponse).ToList(), HasEarlier: shown.Count > take, Latest: w.Latest);
        }).ToList();
    }

    /// <summary>
    /// In the message's transaction: a digest for each other reader who has none waiting (one who has, has the message
    /// join it), sent by the case workflow's outbox <see cref="ChatOptions.DigestDelay"/> later; the writer's own waiting
    /// digest goes, as writing in the chat is reading it.
    /// </summary>
    private async Task ScheduleDigestsAsync(DisputeCase dispute, ChatMessage message, IReadOnlyList<UserId> readers, CancellationToken ct)
    {
        var waiting = await db.Set<ChatDigest>().Where(d => d.DisputeId == dispute.Id).ToListAsync(ct);
        db.RemoveRange(waiting.Where(d => d.UserId == message.SenderUserId));
        Guid? instanceId = null;
        foreach (var reader in readers.Where(r => r != message.SenderUserId && waiting.All(d => d.UserId != r)))
        {
            var digest = new ChatDigest { DisputeId = dispute.Id, UserId = reader, Since = message.SentAt, DueAt = message.SentAt + options.Value.DigestDelay };
            db.Add(digest);
            instanceId ??= await Disputes.Workflow.DisputeWorkflowV1.InstanceIdAsync(db, dispute, ct);
            // Keyed by the new message, so no earlier command has the key (AddNewCommand looks for none).
            Odr.Workflows.Runtime.WorkflowOutbox.AddNewCommand(db, instanceId.Value, new SendChatDigest(dispute.Id.Value, reader.Value, digest.DueAt),
                $"chat-digest:{dispute.Id}:{reader}:{message.Id}", message.SentAt, notBefore: digest.DueAt);
        }
    }

    /// <summary>The reader has read the case's chat: the digest waiting for them, if any, is not sent.</summary>
    public async Task MarkReadAsync(UserId reader, DisputeId caseId, CancellationToken ct)
    {
        // Looked for first, so that reading a chat with nothing waiting (most page views) writes nothing.
        if (await db.Set<ChatDigest>().AnyAsync(d => d.DisputeId == caseId && d.UserId == reader, ct))
        {
            await db.Set<ChatDigest>().Where(d => d.DisputeId == caseId && d.UserId == reader).ExecuteDeleteAsync(ct);
        }
    }

    public static ChatMessageResponse ToResponse(ChatMessage m) =>
        new(m.DisputeId.Value, m.Id, m.Seq, m.Channel, m.SenderRole, m.SenderName, m.Text, m.SentAt);
}

/// <summary>
/// A channel's messages as the case page shows them, oldest first: the latest (<see cref="Latest"/>, to which live
/// messages are added) or an earlier window; <see cref="HasEarlier"/> when older ones are left out.
/// </summary>
public sealed record ChatChannelPage(ChatChannel Channel, IReadOnlyList<ChatMessageResponse> Messages, bool HasEarlier, bool Latest)
{
    public int FirstSeq => Messages.Count > 0 ? Messages[0].Seq : 0;

    public int LastSeq => Messages.Count > 0 ? Messages[^1].Seq : 0;
}
