using Odr.Domain.Disputes;
using Odr.Domain.Disputes.Events;
using Odr.Web.Features.Disputes.Workflow;
using Odr.Web.Infrastructure.DomainEvents;
using Odr.Workflows.Runtime;

namespace Odr.Web.Features.Rulings;

/// <summary>
/// Every outcome becomes a command in the case workflow's outbox to issue the outcome's signed document, in the
/// transaction of the change; once per outcome (the key is the case and the kind).
/// </summary>
internal sealed class OutcomeDocumentSubscriber : IDomainEventSubscriber
{
    public async Task InTransactionAsync(DomainEventBatch batch, CancellationToken ct)
    {
        foreach (var (dispute, domainEvent) in batch.Events)
        {
            if (domainEvent is DisputeSettled or AwardIssued or DisputeClosed { Outcome: DisputeOutcome.Unresolved }
                && dispute.OutcomeDocument is { } kind)
            {
                var instanceId = await DisputeWorkflowV1.InstanceIdAsync(batch.Db, dispute, ct);
                await WorkflowOutbox.AddCommandAsync(batch.Db, instanceId, new IssueCaseDocument(dispute.Id.Value, kind),
                    $"{dispute.Id}:document:{kind}", domainEvent.OccurredAt, ct);
            }
        }
    }
}
