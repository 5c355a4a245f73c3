using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Odr.Workflows.Runtime;

namespace Odr.Workflows.Scheduling;

/// <summary>A loop on <see cref="TimeProvider"/>: run what is due, then wait for a nudge or the poll interval.</summary>
public abstract class WorkflowPoller<TContext>(WorkflowProcessor<TContext> processor, WorkflowWakeup wakeup, TimeProvider time,
    IOptions<WorkflowOptions> options, ILogger logger, WorkKind kind) : BackgroundService where TContext : DbContext
{
    protected WorkflowProcessor<TContext> Processor { get; } = processor;

    /// <summary>When the loop last completed a round; the health check reads it.</summary>
    public DateTimeOffset? LastRoundAt { get; private set; }

    protected abstract Task<int> RunOnceAsync(CancellationToken ct);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await Task.Yield();
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                while (await RunOnceAsync(stoppingToken) > 0)
                {
                    // A full batch may mean more is due: keep going before waiting.
                }
                LastRoundAt = time.GetUtcNow();
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                // A database hiccup must not stop the poller; the work stays in its table for the next round.
                logger.LogError(e, "Workflow {Kind} poller failed a round; it will try again", kind);
            }
            try
            {
                await wakeup.WaitAsync(kind, options.Value.PollInterval, time, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }
}

public sealed class TimerPoller<TContext>(WorkflowProcessor<TContext> processor, WorkflowWakeup wakeup, TimeProvider time,
    IOptions<WorkflowOptions> options, ILogger<TimerPoller<TContext>> logger)
    : WorkflowPoller<TContext>(processor, wakeup, time, options, logger, WorkKind.Timers) where TContext : DbContext
{
    protected override Task<int> RunOnceAsync(CancellationToken ct) => Processor.RunDueTimersAsync(ct);
}

public sealed class SignalProcessor<TContext>(WorkflowProcessor<TContext> processor, WorkflowWakeup wakeup, TimeProvider time,
    IOptions<WorkflowOptions> options, ILogger<SignalProcessor<TContext>> logger)
    : WorkflowPoller<TContext>(processor, wakeup, time, options, logger, WorkKind.Signals) where TContext : DbContext
{
    protected override Task<int> RunOnceAsync(CancellationToken ct) => Processor.RunPendingSignalsAsync(ct);
}

public sealed class CommandDispatcher<TContext>(WorkflowProcessor<TContext> processor, WorkflowWakeup wakeup, TimeProvider time,
    IOptions<WorkflowOptions> options, ILogger<CommandDispatcher<TContext>> logger)
    : WorkflowPoller<TContext>(processor, wakeup, time, options, logger, WorkKind.Commands) where TContext : DbContext
{
    /// <summary>Starts what it claims and goes on: a finishing instance's commands wake it to claim more.</summary>
    protected override async Task<int> RunOnceAsync(CancellationToken ct) => (await Processor.StartPendingCommandsAsync(ct)).Claimed;

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken);
        // The commands still running saw the stop through their token; let them record how they ended.
        await Processor.CommandsRunning.WaitAsync(cancellationToken);
    }
}
