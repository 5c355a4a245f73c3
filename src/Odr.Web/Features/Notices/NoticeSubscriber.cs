using Odr.Web.Features.Disputes.Workflow;
using Odr.Web.Infrastructure.DomainEvents;
using Odr.Workflows.Runtime;

namespace Odr.Web.Features.Notices;

/// <summary>
/// Every event people must hear of becomes a notice command per recipient (<see cref="NoticeRouting"/>) in the case
/// workflow's outbox, in the transaction of the change: the e-mail is durable before the user is told it is done.
/// </summary>
internal sealed class NoticeSubscriber : IDomainEventSubscriber
{
    public async Task InTransactionAsync(DomainEventBatch batch, CancellationToken ct)
    {
        foreach (var dispute in batch.Cases)
        {
            Guid? instanceId = null;
            foreach (var domainEvent in dispute.DomainEvents)
            {
                foreach (var (notice, noticeKey) in NoticeRouting.For(dispute, domainEvent))
                {
                    instanceId ??= await DisputeWorkflowV1.InstanceIdAsync(batch.Db, dispute, ct);
                    await WorkflowOutbox.AddCommandAsync(batch.Db, instanceId.Value, notice, noticeKey, domainEvent.OccurredAt, ct);
                }
            }
        }
    }
}
