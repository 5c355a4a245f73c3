using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using Odr.Workflows.Persistence;
using Odr.Workflows.Runtime;

namespace Odr.Workflows.Scheduling;

/// <summary>
/// Refuses to start when a running instance is pinned to a definition version this build does not have, or to one
/// whose shape (hash) differs from what it started with: better a clear failure at start than instances silently
/// run by the wrong code.
/// </summary>
public sealed class WorkflowStartupCheck<TContext>(IServiceScopeFactory scopes, WorkflowRegistry registry) : IHostedService
    where TContext : DbContext
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var problems = await FindProblemsAsync(cancellationToken);
        if (problems.Count > 0)
        {
            throw new InvalidOperationException("Running workflow instances cannot be served by this build:\n" + string.Join("\n", problems));
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public async Task<IReadOnlyList<string>> FindProblemsAsync(CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var pinned = await scope.ServiceProvider.GetRequiredService<TContext>().Set<WorkflowInstance>()
            .Where(i => i.Status == WorkflowStatus.Running)
            .Select(i => new { i.DefinitionName, i.DefinitionVersion, i.DefinitionHash })
            .Distinct().ToListAsync(ct);
        var problems = new List<string>();
        foreach (var p in pinned)
        {
            var definition = registry.Find(p.DefinitionName, p.DefinitionVersion);
            if (definition is null)
            {
                problems.Add($"{p.DefinitionName} version {p.DefinitionVersion} is not registered.");
            }
            else if (definition.Hash != p.DefinitionHash)
            {
                problems.Add($"{p.DefinitionName} version {p.DefinitionVersion} was edited after instances started on it (hash {p.DefinitionHash[..12]} → {definition.Hash[..12]}); ship a new version instead.");
            }
        }
        return problems;
    }
}

/// <summary>Healthy while the three pollers run (or are turned off on purpose).</summary>
public sealed class WorkflowRuntimeHealthCheck<TContext>(TimerPoller<TContext> timers, SignalProcessor<TContext> signals,
    CommandDispatcher<TContext> commands, Microsoft.Extensions.Options.IOptions<WorkflowOptions> options) : IHealthCheck
    where TContext : DbContext
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        if (!options.Value.RunPollers)
        {
            return Task.FromResult(HealthCheckResult.Healthy("Pollers are turned off; work is driven by hand."));
        }
        var stopped = new WorkflowPoller<TContext>[] { timers, signals, commands }
            .Where(p => p.ExecuteTask is null || p.ExecuteTask.IsCompleted)
            .Select(p => p.GetType().Name.Split('`')[0]).ToList();
        return Task.FromResult(stopped.Count == 0
            ? HealthCheckResult.Healthy("Timer, signal and command pollers are running.")
            : HealthCheckResult.Unhealthy($"Workflow pollers not running: {string.Join(", ", stopped)}."));
    }
}
