using System.Diagnostics.Metrics;
using Odr.Domain.Common;
using Odr.Domain.Disputes.Events;

namespace Odr.Web.Infrastructure.Operations;

/// <summary>
/// The service's own counters (meter <c>Odr</c>), exported with the framework's when OTLP is configured. Case events
/// are counted once they are committed, so a rolled-back change counts nothing.
/// </summary>
public sealed class OdrMetrics
{
    public const string MeterName = "Odr";

    private readonly Counter<long> _casesFiled;
    private readonly Counter<long> _stageChanges;
    private readonly Counter<long> _deadlinesFired;
    private readonly Counter<long> _noticesSent;
    private readonly Counter<long> _noticesFailed;
    private readonly Counter<long> _documentsIssued;
    private readonly Counter<long> _webhooksDelivered;
    private readonly Counter<long> _webhooksFailed;

    public OdrMetrics(IMeterFactory meters)
    {
        var meter = meters.Create(MeterName);
        _casesFiled = meter.CreateCounter<long>("odr.cases.filed", "{case}", "Complaints filed.");
        _stageChanges = meter.CreateCounter<long>("odr.cases.stage_changes", "{change}", "Cases moved from one stage to another.");
        _deadlinesFired = meter.CreateCounter<long>("odr.deadlines.fired", "{deadline}", "Stage deadlines that ran out and were acted on.");
        _noticesSent = meter.CreateCounter<long>("odr.notices.sent", "{notice}", "E-mail notices the mail server accepted.");
        _noticesFailed = meter.CreateCounter<long>("odr.notices.failed", "{attempt}", "Attempts to send a notice that failed (each is retried).");
        _documentsIssued = meter.CreateCounter<long>("odr.documents.issued", "{document}", "Signed outcome documents issued.");
        _webhooksDelivered = meter.CreateCounter<long>("odr.webhooks.delivered", "{delivery}", "Webhook deliveries a receiver accepted (2xx).");
        _webhooksFailed = meter.CreateCounter<long>("odr.webhooks.failed", "{attempt}", "Webhook delivery attempts that failed (each is retried, then dead-lettered).");
    }

    /// <summary>Counts what a committed save raised.</summary>
    public void Committed(IEnumerable<IDomainEvent> events)
    {
        foreach (var domainEvent in events)
        {
            switch (domainEvent)
            {
                case DisputeFiled:
                    _casesFiled.Add(1);
                    break;
                case StageChanged changed:
                    _stageChanges.Add(1, new KeyValuePair<string, object?>("from", changed.From.ToString()), new KeyValuePair<string, object?>("to", changed.To.ToString()));
                    break;
                case DocumentIssued issued:
                    _documentsIssued.Add(1, new KeyValuePair<string, object?>("kind", issued.Kind.ToString()));
                    break;
            }
        }
    }

    public void DeadlineFired(string stage) => _deadlinesFired.Add(1, new KeyValuePair<string, object?>("stage", stage));

    public void NoticeSent(string kind) => _noticesSent.Add(1, new KeyValuePair<string, object?>("kind", kind));

    public void NoticeFailed(string kind) => _noticesFailed.Add(1, new KeyValuePair<string, object?>("kind", kind));

    public void WebhookDelivered(string type) => _webhooksDelivered.Add(1, new KeyValuePair<string, object?>("type", type));

    public void WebhookFailed(string type) => _webhooksFailed.Add(1, new KeyValuePair<string, object?>("type", type));
}

/// <summary>Counts what committed saves raised: a counter may miss a change if the process stops, nothing else depends on it.</summary>
internal sealed class CommittedEventMetrics(OdrMetrics metrics) : Odr.Web.Infrastructure.DomainEvents.IDomainEventSubscriber
{
    public Task AfterCommitAsync(IReadOnlyList<IDomainEvent> committed, CancellationToken ct)
    {
        metrics.Committed(committed);
        return Task.CompletedTask;
    }
}
