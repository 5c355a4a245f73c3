using Microsoft.Extensions.Options;
using Odr.Domain.Disputes;
using Odr.Domain.Disputes.Events;
using Odr.Web.Infrastructure;
using Odr.Web.Infrastructure.DomainEvents;
using Odr.Workflows.Runtime;

namespace Odr.Web.Features.Disputes.Workflow;

/// <summary>
/// Gives each case its workflow and feeds it the case's events, in the transaction of the change, so none can be lost:
/// a filed case starts its workflow (its deadline clock), every stage change and evidence request becomes a signal in
/// the workflow's inbox. Registered before every subscriber that puts commands in the case's outbox, which needs the
/// instance this one starts.
/// </summary>
internal sealed class DisputeWorkflowSubscriber(IWorkflowRuntime workflows, IOptions<DeadlineOptions> deadlines) : IDomainEventSubscriber
{
    public async Task InTransactionAsync(DomainEventBatch batch, CancellationToken ct)
    {
        foreach (var dispute in batch.Cases)
        {
            Guid? instanceId = null;
            foreach (var domainEvent in dispute.DomainEvents)
            {
                if (domainEvent is DisputeFiled)
                {
                    // From the case as it is saved: a demo case saved with its whole story starts at its last stage.
                    // Once per case, should the same filing reach a save twice (a new case's instance can only be tracked).
                    instanceId = await WorkflowInbox.FindInstanceIdAsync(batch.Db, dispute.Id.ToString(), ct, onlyTracked: batch.IsNew(dispute))
                        ?? await workflows.StartAsync(DisputeWorkflowV1.WorkflowName, dispute.Id.ToString(), new DisputeWorkflowState
                        {
                            CaseId = dispute.Id.Value,
                            Stage = dispute.Stage,
                            Deadline = dispute.Deadline,
                            ReminderLead = deadlines.Value.Reminder,
                            CaseVersion = dispute.Version,
                            AppealableUntil = dispute.AppealOpenUntil,
                        }, ct);
                    continue;
                }
                var (signal, key) = domainEvent switch
                {
                    StageChanged e => ((object?)new CaseStageChanged(e.DisputeId.Value, e.To, e.Deadline, e.CaseVersion,
                        e.To is DisputeStage.Compliance or DisputeStage.Closed ? dispute.AppealOpenUntil : null), $"{e.DisputeId}:stage:{e.CaseVersion}"),
                    EvidenceRequested e => (new CaseEvidenceRequested(e.DisputeId.Value, e.RequestId.Value, e.DueAt), $"{e.DisputeId}:evidence-request:{e.RequestId}"),
                    _ => (null, ""),
                };
                if (signal is null)
                {
                    continue;
                }
                instanceId ??= await DisputeWorkflowV1.InstanceIdAsync(batch.Db, dispute, ct);
                await WorkflowInbox.AddSignalAsync(batch.Db, instanceId.Value, signal, key, domainEvent.OccurredAt, ct);
            }
        }
    }
}
