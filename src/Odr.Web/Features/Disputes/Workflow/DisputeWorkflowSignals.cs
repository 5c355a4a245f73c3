using Microsoft.EntityFrameworkCore;
using Odr.Domain.Disputes;
using Odr.Domain.Disputes.Events;
using Odr.Web.Infrastructure;
using Odr.Workflows.Persistence;
using Odr.Workflows.Runtime;

namespace Odr.Web.Features.Disputes.Workflow;

/// <summary>
/// Feeds the aggregate's events back to its workflow: every stage change and every evidence request becomes a
/// signal in the workflow's inbox, written in the same transaction as the change itself, so none can be lost.
/// </summary>
internal static class DisputeWorkflowSignals
{
    public static async Task AppendPendingAsync(OdrDbContext db, CancellationToken ct)
    {
        foreach (var dispute in db.ChangeTracker.Entries<DisputeCase>().Select(e => e.Entity).Where(d => d.DomainEvents.Count > 0).ToList())
        {
            Guid? instanceId = null;
            foreach (var domainEvent in dispute.DomainEvents)
            {
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
                instanceId ??= await WorkflowInbox.FindInstanceIdAsync(db, dispute.Id.ToString(), ct)
                    ?? throw new InvalidOperationException($"Case {dispute.Number} has no workflow instance.");
                await WorkflowInbox.AddSignalAsync(db, instanceId.Value, signal, key, domainEvent.OccurredAt, ct);
            }
        }
    }
}
