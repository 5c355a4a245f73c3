using Microsoft.EntityFrameworkCore;
using Odr.Domain.Disputes;
using Odr.Domain.Disputes.Events;
using Odr.Web.Features.Chat;
using Odr.Web.Features.Notices;
using Odr.Web.Infrastructure;
using Odr.Workflows.Persistence;
using Odr.Workflows.Runtime;

namespace Odr.Web.Features.Disputes.Workflow;

/// <summary>
/// Feeds the aggregate's events to its workflow, in the same transaction as the change itself, so none can be lost:
/// every stage change and evidence request becomes a signal in the workflow's inbox; every outcome becomes a command
/// in its outbox to issue the outcome's signed document (once per outcome: the key is the case and the kind); and
/// every event people must hear of becomes a notice command per recipient (<see cref="NoticeRouting"/>).
/// </summary>
internal static class DisputeWorkflowBridge
{
    public static async Task AppendPendingAsync(OdrDbContext db, CancellationToken ct)
    {
        foreach (var dispute in db.ChangeTracker.Entries<DisputeCase>().Select(e => e.Entity).Where(d => d.DomainEvents.Count > 0).ToList())
        {
            Guid? instanceId = null;
            foreach (var domainEvent in dispute.DomainEvents)
            {
                foreach (var (notice, noticeKey) in NoticeRouting.For(dispute, domainEvent))
                {
                    instanceId ??= await InstanceAsync(db, dispute, ct);
                    await WorkflowOutbox.AddCommandAsync(db, instanceId.Value, notice, noticeKey, domainEvent.OccurredAt, ct);
                }
                if (domainEvent is DisputeSettled or AwardIssued or DisputeClosed { Outcome: DisputeOutcome.Unresolved }
                    && dispute.OutcomeDocument is { } kind)
                {
                    instanceId ??= await InstanceAsync(db, dispute, ct);
                    await WorkflowOutbox.AddCommandAsync(db, instanceId.Value, new IssueCaseDocument(dispute.Id.Value, kind),
                        $"{dispute.Id}:document:{kind}", domainEvent.OccurredAt, ct);
                    continue;
                }
                if (domainEvent is StageChanged moved)
                {
                    instanceId ??= await InstanceAsync(db, dispute, ct);
                    await WorkflowOutbox.AddCommandAsync(db, instanceId.Value, new PushCaseUpdate(dispute.Id.Value, moved.To, moved.Deadline),
                        $"{dispute.Id}:push:{moved.CaseVersion}", moved.OccurredAt, ct);
                }
                var (signal, key) = domainEvent switch
                {
                    StageChanged e => ((object?)new CaseStageChanged(e.DisputeId.Value, e.To, e.Deadline, e.CaseVersion), $"{e.DisputeId}:stage:{e.CaseVersion}"),
                    EvidenceRequested e => (new CaseEvidenceRequested(e.DisputeId.Value, e.RequestId.Value, e.DueAt), $"{e.DisputeId}:evidence-request:{e.RequestId}"),
                    _ => (null, ""),
                };
                if (signal is null)
                {
                    continue;
                }
                instanceId ??= await InstanceAsync(db, dispute, ct);
                await WorkflowInbox.AddSignalAsync(db, instanceId.Value, signal, key, domainEvent.OccurredAt, ct);
            }
        }
    }

    private static async Task<Guid> InstanceAsync(OdrDbContext db, DisputeCase dispute, CancellationToken ct) =>
        await WorkflowInbox.FindInstanceIdAsync(db, dispute.Id.ToString(), ct)
            ?? throw new InvalidOperationException($"Case {dispute.Number} has no workflow instance.");
}
