using System.Collections.Concurrent;
using System.Text;
using System.Threading.Channels;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Odr.Web.Infrastructure;
using Odr.Web.Infrastructure.Operations;
using Odr.Workflows.Runtime;

namespace Odr.Web.Features.Marketplaces;

/// <summary>How webhooks are sent.</summary>
public sealed class WebhookOptions
{
    public const string HttpClientName = "webhooks";

    /// <summary>How often the dispatcher looks for due deliveries when no commit wakes it sooner.</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>How long a receiver has to answer; no answer counts as a failed attempt.</summary>
    public TimeSpan ReceiverTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>How long a failing delivery is retried, from its first attempt, before it is dead-lettered.</summary>
    public TimeSpan RetryFor { get; set; } = TimeSpan.FromHours(24);

    public TimeSpan FirstRetryDelay { get; set; } = TimeSpan.FromSeconds(5);

    public TimeSpan MaxRetryDelay { get; set; } = TimeSpan.FromHours(1);

    /// <summary>How many deliveries (each of a different queue) are on their way at once.</summary>
    public int Concurrency { get; set; } = 8;

    /// <summary>How long a claim lasts; longer than <see cref="ReceiverTimeout"/>, so no other node sends a delivery still on its way.</summary>
    public TimeSpan LeaseDuration { get; set; } = TimeSpan.FromSeconds(30);
}

/// <summary>Wakes the dispatcher when a commit wrote deliveries, instead of waiting for its next poll.</summary>
public sealed class WebhookWakeup
{
    // One pending nudge at most: nudges while one waits add nothing (a full channel drops the write, without the
    // exception a full semaphore throws on every commit under load).
    private readonly Channel<bool> _signal = Channel.CreateBounded<bool>(new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite });

    public void Nudge() => _signal.Writer.TryWrite(true);

    public async Task WaitAsync(TimeSpan interval, TimeProvider time, CancellationToken ct)
    {
        using var either = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var nudged = _signal.Reader.ReadAsync(either.Token).AsTask();
        await Task.WhenAny(nudged, Task.Delay(interval, time, either.Token));
        await either.CancelAsync();
    }
}

/// <summary>
/// Sends webhook deliveries. Each (marketplace, case) is a queue: only its oldest undelivered delivery is due, so a case's
/// events arrive in order, and a failing receiver holds up only its own queues: each send runs on its own, at most
/// <see cref="WebhookOptions.Concurrency"/> at once, and the dispatcher goes on claiming others meanwhile. Claims are
/// leases taken with a conditional update, as the workflow runtime's are, so several nodes share the work and a node
/// that dies mid-send leaves the delivery to another once its lease runs out (at least once, same <c>webhook-id</c>).
/// </summary>
public sealed class WebhookDispatcher(IServiceScopeFactory scopes, IHttpClientFactory clients, TimeProvider time, OdrMetrics metrics,
    WebhookSecrets secrets, WebhookWakeup wakeup, IOptions<WebhookOptions> options, IOptions<WorkflowOptions> workflows,
    ILogger<WebhookDispatcher> logger) : BackgroundService
{
    private readonly string _node = $"{Environment.MachineName}:{Environment.ProcessId}:{Guid.NewGuid().ToString("N")[..8]}";
    private readonly ConcurrentDictionary<Guid, Task> _sending = new();

    private WebhookOptions Options => options.Value;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // The tests drive the dispatcher themselves (DrainAsync) on their fake clock, as they do the workflow runtime.
        if (!workflows.Value.RunPollers)
        {
            return;
        }
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await StartDueAsync(stoppingToken);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                logger.LogError(e, "Claiming due webhook deliveries failed; trying again at the next poll");
            }
            await wakeup.WaitAsync(Options.PollInterval, time, stoppingToken);
        }
        await Task.WhenAll(_sending.Values);
    }

    /// <summary>Sends every due delivery, and those that become due as earlier ones of their queue are delivered, until none is due.</summary>
    public async Task<int> DrainAsync(CancellationToken ct = default)
    {
        var total = 0;
        while (true)
        {
            var (claimed, sending) = await StartDueAsync(ct);
            await sending;
            if (claimed == 0 && _sending.IsEmpty)
            {
                return total;
            }
            total += claimed;
        }
    }

    /// <summary>Claims the due heads of the queues, as many as there are free places, and starts sending them without waiting.</summary>
    public async Task<(int Claimed, Task Sending)> StartDueAsync(CancellationToken ct)
    {
        var free = Options.Concurrency - _sending.Count;
        if (free <= 0)
        {
            return (0, Task.CompletedTask);
        }
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<OdrDbContext>();
        var now = time.GetUtcNow();
        var deliveries = db.Set<WebhookDelivery>();
        var due = await deliveries.AsNoTracking()
            .Where(d => d.Status == WebhookDeliveryStatus.Pending && d.NextAttemptAt <= now && (d.LeaseUntil == null || d.LeaseUntil < now))
            .Where(d => !deliveries.Any(e => e.MarketplaceId == d.MarketplaceId && e.CaseId == d.CaseId
                && e.Status == WebhookDeliveryStatus.Pending && e.Seq < d.Seq))
            .OrderBy(d => d.NextAttemptAt).Select(d => d.Id).Take(free).ToListAsync(ct);
        var started = new List<Task>();
        foreach (var id in due)
        {
            var leaseUntil = now + Options.LeaseDuration;
            var claimed = await deliveries.Where(d => d.Id == id && d.Status == WebhookDeliveryStatus.Pending
                    && (d.LeaseUntil == null || d.LeaseUntil < now))
                .ExecuteUpdateAsync(s => s.SetProperty(d => d.LeaseOwner, _node).SetProperty(d => d.LeaseUntil, leaseUntil), ct);
            if (claimed == 1)
            {
                var sending = Task.Run(() => SendAsync(id, ct), CancellationToken.None);
                _sending[id] = sending;
                started.Add(sending.ContinueWith(_ =>
                {
                    _sending.TryRemove(id, out Task? _);
                    wakeup.Nudge(); // a place is free, and the next of its queue may be due
                }, CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default));
            }
        }
        return (started.Count, Task.WhenAll(started));
    }

    private async Task SendAsync(Guid id, CancellationToken ct)
    {
        try
        {
            await using var scope = scopes.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<OdrDbContext>();
            var delivery = await db.Set<WebhookDelivery>().SingleAsync(d => d.Id == id, ct);
            if (delivery.Status != WebhookDeliveryStatus.Pending || delivery.LeaseOwner != _node)
            {
                return;
            }
            var marketplace = await db.Set<Marketplace>().AsNoTracking().SingleAsync(m => m.Id == delivery.MarketplaceId, ct);
            var startedAt = time.GetUtcNow();
            var (statusCode, error) = await PostAsync(marketplace, delivery, startedAt, ct);
            var now = time.GetUtcNow();
            db.Add(new WebhookAttempt
            {
                Id = Guid.CreateVersion7(),
                DeliveryId = delivery.Id,
                At = startedAt,
                StatusCode = statusCode,
                Error = error is null ? null : Truncate(error),
                DurationMs = (int)Math.Min(int.MaxValue, (now - startedAt).TotalMilliseconds),
            });
            delivery.Attempts++;
            delivery.FirstAttemptAt ??= startedAt;
            delivery.LeaseOwner = null;
            delivery.LeaseUntil = null;
            if (error is null)
            {
                delivery.Status = WebhookDeliveryStatus.Delivered;
                delivery.DeliveredAt = now;
                delivery.LastError = null;
                metrics.WebhookDelivered(delivery.Type);
            }
            else
            {
                delivery.LastError = Truncate(error);
                metrics.WebhookFailed(delivery.Type);
                if (now - delivery.FirstAttemptAt.Value >= Options.RetryFor)
                {
                    delivery.Status = WebhookDeliveryStatus.DeadLettered;
                    logger.LogError("Webhook {WebhookId} ({Type}) to {Marketplace} dead-lettered after {Attempts} attempts: {Error}",
                        delivery.WebhookId, delivery.Type, marketplace.Name, delivery.Attempts, error);
                }
                else
                {
                    delivery.NextAttemptAt = now + RetryDelay(delivery.Attempts);
                    logger.LogWarning("Webhook {WebhookId} ({Type}) to {Marketplace} failed (attempt {Attempts}): {Error}; retrying at {Next}",
                        delivery.WebhookId, delivery.Type, marketplace.Name, delivery.Attempts, error, delivery.NextAttemptAt);
                }
            }
            await db.SaveChangesAsync(ct);
        }
        catch (Exception e) when (e is not OperationCanceledException || !ct.IsCancellationRequested)
        {
            // Not recorded: the lease runs out and the delivery is tried again.
            logger.LogError(e, "Sending webhook delivery {Delivery} failed before its attempt was recorded", id);
        }
    }

    /// <summary>One POST with the Standard Webhooks headers, signed now with every secret in use; the status code or why it failed.</summary>
    private async Task<(int? StatusCode, string? Error)> PostAsync(Marketplace marketplace, WebhookDelivery delivery, DateTimeOffset now,
        CancellationToken ct)
    {
        var keys = new List<string> { secrets.Unprotect(marketplace.WebhookSecretProtected) };
        if (marketplace is { PreviousWebhookSecretProtected: { } previous, PreviousSecretExpiresAt: { } expires } && expires > now)
        {
            keys.Add(secrets.Unprotect(previous));
        }
        var timestamp = now.ToUnixTimeSeconds();
        using var request = new HttpRequestMessage(HttpMethod.Post, marketplace.WebhookUrl)
        {
            Content = new StringContent(delivery.Body, Encoding.UTF8, "application/json"),
        };
        request.Headers.Add("webhook-id", delivery.WebhookId);
        request.Headers.Add("webhook-timestamp", timestamp.ToString(System.Globalization.CultureInfo.InvariantCulture));
        request.Headers.Add("webhook-signature", WebhookSecrets.Sign(keys, delivery.WebhookId, timestamp, delivery.Body));
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(ct);
        limit.CancelAfter(Options.ReceiverTimeout);
        try
        {
            using var response = await clients.CreateClient(WebhookOptions.HttpClientName)
                .SendAsync(request, HttpCompletionOption.ResponseHeadersRead, limit.Token);
            var status = (int)response.StatusCode;
            return (status, response.IsSuccessStatusCode ? null : $"The receiver answered {status}.");
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            return (null, $"No answer within {Options.ReceiverTimeout.TotalSeconds:0} s.");
        }
        catch (HttpRequestException e)
        {
            return (null, e.Message);
        }
    }

    /// <summary>Exponential: the first retry after <see cref="WebhookOptions.FirstRetryDelay"/>, doubling up to <see cref="WebhookOptions.MaxRetryDelay"/>.</summary>
    public TimeSpan RetryDelay(int failedAttempts)
    {
        var delay = Options.FirstRetryDelay * Math.Pow(2, Math.Min(failedAttempts - 1, 30));
        return delay < Options.MaxRetryDelay ? delay : Options.MaxRetryDelay;
    }

    private static string Truncate(string text) => text.Length <= WebhookAttempt.ErrorMaxLength ? text : text[..WebhookAttempt.ErrorMaxLength];
}
