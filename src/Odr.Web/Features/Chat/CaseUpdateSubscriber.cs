using Odr.Domain.Disputes.Events;
using Odr.Web.Features.Disputes.Workflow;
using Odr.Web.Infrastructure.DomainEvents;
using Odr.Workflows.Runtime;

namespace Odr.Web.Features.Chat;

/// <summary>
/// Every stage change becomes a command in the case workflow's outbox to push the new stage to the case's open pages
/// (<see cref="PushCaseUpdate"/>), and every signed document issued one to push the document (<see cref="PushDocumentIssued"/>),
/// in the transaction of the change, so a node that stops after the commit still sends it.
/// </summary>
internal sealed class CaseUpdateSubscriber : IDomainEventSubscriber
{
    public async Task InTransactionAsync(DomainEventBatch batch, CancellationToken ct)
    {
        foreach (var (dispute, domainEvent) in batch.Events)
        {
            if (domainEvent is StageChanged moved)
            {
                var instanceId = await DisputeWorkflowV1.InstanceIdAsync(batch.Db, dispute, ct);
                await WorkflowOutbox.AddCommandAsync(batch.Db, instanceId, new PushCaseUpdate(dispute.Id.Value, moved.To, moved.Deadline),
                    $"{dispute.Id}:push:{moved.CaseVersion}", moved.OccurredAt, ct);
            }
            else if (domainEvent is DocumentIssued issued)
            {
                var instanceId = await DisputeWorkflowV1.InstanceIdAsync(batch.Db, dispute, ct);
                await WorkflowOutbox.AddCommandAsync(batch.Db, instanceId, new PushDocumentIssued(dispute.Id.Value, issued.DocumentId, issued.Kind,
                    issued.Sha256, issued.VerificationCode, issued.OccurredAt), $"{dispute.Id}:push-document:{issued.DocumentId}", issued.OccurredAt, ct);
            }
        }
    }
}
