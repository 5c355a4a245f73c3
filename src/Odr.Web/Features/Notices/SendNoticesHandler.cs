using Microsoft.EntityFrameworkCore;
using Odr.Domain.Disputes;
using Odr.Web.Infrastructure;
using Odr.Workflows.Persistence;
using Odr.Workflows.Runtime;

namespace Odr.Web.Features.Notices;

/// <summary>
/// Sends the notices of one case's transaction (<see cref="SendNotices"/>): one read of the case as they print it, one
/// read of the recipients, each notice composed in its reader's language and sent, and their records saved with the
/// command marked done, in one transaction. A notice already recorded (its key in <c>SentNotices</c>) is skipped. A
/// notice that fails is handed, in that same transaction, to a <see cref="SendNotice"/> of its own under its own key: it
/// alone is tried again with backoff and dead-lettered after too many failures (or at once when refused for good), and
/// the recipients already served are not sent to again.
/// </summary>
public sealed class SendNoticesHandler(OdrDbContext db, NoticeDelivery delivery, TimeProvider time, ILogger<SendNoticesHandler> logger)
    : ICommandHandler<SendNotices>
{
    public async Task HandleAsync(SendNotices command, CommandContext context, CancellationToken ct)
    {
        var keys = command.Notices.Select(n => n.Key).ToList();
        var done = await delivery.SentAsync(keys, ct);
        if (context.Attempt > 1)
        {
            // An earlier attempt may have handed notices to commands of their own and then failed to complete.
            done.UnionWith(await db.Set<WorkflowCommand>().Where(c => keys.Contains(c.IdempotencyKey)).Select(c => c.IdempotencyKey).ToListAsync(ct));
        }
        var due = command.Notices.Where(n => !done.Contains(n.Key)).ToList();
        if (due.Count == 0 || await delivery.CaseForAsync(command.CaseId, due.Select(n => n.Notice).ToList(), ct) is not { } dispute)
        {
            return; // all sent, or the case is gone: nothing to tell
        }
        var recipients = await delivery.RecipientsAsync(dispute, due.Select(n => n.Notice.Recipient), ct);
        var sent = new List<SentNotice>();
        foreach (var keyed in due)
        {
            if (!recipients.TryGetValue(keyed.Notice.Recipient, out var to))
            {
                continue; // nobody in that role (e.g. no arbitrator yet)
            }
            try
            {
                ct.ThrowIfCancellationRequested();
                sent.Add(await delivery.SendAsync(keyed, dispute, to, ct));
            }
            catch (Exception e)
            {
                // Also at the command's time limit: what is not sent yet goes on by itself, and what is sent is recorded below.
                logger.LogWarning(e, "Notice {Key} failed within its event's notices; it is retried by itself", keyed.Key);
                await WorkflowOutbox.AddCommandAsync(db, context.InstanceId, keyed.Notice, keyed.Key, time.GetUtcNow(), CancellationToken.None);
            }
        }
        await delivery.RecordAsync(dispute, sent, CancellationToken.None);
    }
}

/// <summary>
/// Notices given up on together (the command itself failed too often, not a recipient's mail: those go on by themselves):
/// each one not sent and not handed on is recorded on the case as undelivered, as for <see cref="SendNoticeDeadLetterHandler"/>.
/// </summary>
public sealed class SendNoticesDeadLetterHandler(OdrDbContext db, NoticeDelivery delivery, TimeProvider time) : ICommandDeadLetterHandler<SendNotices>
{
    public async Task OnDeadLetteredAsync(SendNotices command, CommandContext context, string error, CancellationToken ct)
    {
        var keys = command.Notices.Select(n => n.Key).ToList();
        var done = await delivery.SentAsync(keys, ct);
        done.UnionWith(await db.Set<WorkflowCommand>().Where(c => keys.Contains(c.IdempotencyKey)).Select(c => c.IdempotencyKey).ToListAsync(ct));
        if (command.Notices.All(n => done.Contains(n.Key)) || await db.LoadCaseAsync(new DisputeId(command.CaseId), ct) is not { } dispute)
        {
            return;
        }
        foreach (var keyed in command.Notices.Where(n => !done.Contains(n.Key)))
        {
            dispute.RecordNoticeUndelivered(keyed.Key, keyed.Notice.Recipient, keyed.Notice.Kind.ToString(), time.GetUtcNow());
        }
    }
}
