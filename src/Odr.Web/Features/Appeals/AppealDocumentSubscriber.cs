using Odr.Domain.Disputes;
using Odr.Domain.Disputes.Events;
using Odr.Web.Features.Disputes.Workflow;
using Odr.Web.Infrastructure.DomainEvents;
using Odr.Workflows.Runtime;

namespace Odr.Web.Features.Appeals;

/// <summary>
/// A decided appeal becomes a command in the case workflow's outbox to issue the signed appeal decision, in the
/// transaction of the decision; once per case (the key is the case and the kind).
/// </summary>
internal sealed class AppealDocumentSubscriber : IDomainEventSubscriber
{
    public async Task InTransactionAsync(DomainEventBatch batch, CancellationToken ct)
    {
        foreach (var (dispute, domainEvent) in batch.Events)
        {
            if (domainEvent is AppealDecided)
            {
                var instanceId = await DisputeWorkflowV1.InstanceIdAsync(batch.Db, dispute, ct);
                await WorkflowOutbox.AddCommandAsync(batch.Db, instanceId, new IssueCaseDocument(dispute.Id.Value, DocumentKind.AppealDecision),
                    $"{dispute.Id}:document:{DocumentKind.AppealDecision}", domainEvent.OccurredAt, ct);
            }
        }
    }
}
