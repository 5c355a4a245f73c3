using Odr.Web.Features.Disputes.Workflow;
using Odr.Web.Infrastructure.DomainEvents;
using Odr.Workflows.Runtime;

namespace Odr.Web.Features.Notices;

/// <summary>
/// Every event people must hear of becomes notices (<see cref="NoticeRouting"/>), and the notices of one case in one
/// transaction become one <see cref="SendNotices"/> command in the case workflow's outbox, in that transaction: the
/// e-mails are durable before the user is told it is done, and are sent and recorded together.
/// </summary>
internal sealed class NoticeSubscriber : IDomainEventSubscriber
{
    public async Task InTransactionAsync(DomainEventBatch batch, CancellationToken ct)
    {
        foreach (var dispute in batch.Cases)
        {
            var notices = new List<KeyedNotice>();
            var keys = new HashSet<string>(StringComparer.Ordinal);
            DateTimeOffset? first = null;
            foreach (var domainEvent in dispute.DomainEvents)
            {
                foreach (var (notice, noticeKey) in NoticeRouting.For(dispute, domainEvent))
                {
                    if (keys.Add(noticeKey))
                    {
                        notices.Add(new KeyedNotice(noticeKey, notice));
                        first ??= domainEvent.OccurredAt;
                    }
                }
            }
            if (notices.Count == 0)
            {
                continue;
            }
            var instanceId = await DisputeWorkflowV1.InstanceIdAsync(batch.Db, dispute, ct);
            await WorkflowOutbox.AddCommandAsync(batch.Db, instanceId, new SendNotices(dispute.Id.Value, notices), KeyOf(dispute.Id.Value, keys),
                first!.Value, ct);
        }
    }

    /// <summary>The command's key, made from its notices' keys (each unique to its event and recipient), so it fits any number of them.</summary>
    internal static string KeyOf(Guid caseId, IEnumerable<string> noticeKeys) =>
        $"{caseId}:notices:{Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(string.Join('\n', noticeKeys))))[..32]}";
}
