using Microsoft.EntityFrameworkCore;
using Odr.Workflows.Persistence;

namespace Odr.Workflows.Runtime;

/// <summary>Starting workflows and signalling them, from application code.</summary>
public interface IWorkflowRuntime
{
    /// <summary>
    /// Starts an instance of the newest version of <paramref name="definitionName"/> and runs its first step. The
    /// rows are added to the scope's DbContext: the caller's own SaveChanges commits them with its domain change.
    /// </summary>
    Task<Guid> StartAsync<TState>(string definitionName, string correlationId, TState state, CancellationToken ct) where TState : class, new();

    /// <summary>
    /// Puts a signal in the instance's inbox (added to the scope's DbContext, committed by the caller). A second signal
    /// with the same <paramref name="idempotencyKey"/> is dropped.
    /// </summary>
    Task SignalAsync(Guid instanceId, object signal, string idempotencyKey, CancellationToken ct);

    Task<WorkflowInstance?> GetAsync(Guid instanceId, CancellationToken ct);

    Task<WorkflowInstance?> FindByCorrelationAsync(string correlationId, CancellationToken ct);
}

internal sealed class WorkflowRuntime<TContext>(TContext db, WorkflowRegistry registry, TimeProvider time) : IWorkflowRuntime
    where TContext : DbContext
{
    public async Task<Guid> StartAsync<TState>(string definitionName, string correlationId, TState state, CancellationToken ct)
        where TState : class, new()
    {
        var definition = registry.Latest(definitionName);
        if (definition.StateType != typeof(TState))
        {
            throw new ArgumentException($"{definitionName} keeps a {definition.StateType.Name}, not a {typeof(TState).Name}.", nameof(state));
        }
        var now = time.GetUtcNow();
        var instance = new WorkflowInstance
        {
            Id = Guid.CreateVersion7(),
            DefinitionName = definition.Name,
            DefinitionVersion = definition.Version,
            DefinitionHash = definition.Hash,
            CorrelationId = correlationId,
            CurrentStep = definition.InitialStep,
            Status = WorkflowStatus.Running,
            CreatedAt = now,
            UpdatedAt = now,
        };
        db.Add(instance);
        var result = definition.Run(definition.InitialStep, state, new Trigger(TriggerKind.Start), now);
        await WorkflowApplier.ApplyAsync(db, instance, result, now, HistoryKind.Started, $"{definition.Name}@{definition.Version}", null, ct);
        return instance.Id;
    }

    public Task SignalAsync(Guid instanceId, object signal, string idempotencyKey, CancellationToken ct) =>
        WorkflowInbox.AddSignalAsync(db, instanceId, signal, idempotencyKey, time.GetUtcNow(), ct);

    public Task<WorkflowInstance?> GetAsync(Guid instanceId, CancellationToken ct) =>
        db.Set<WorkflowInstance>().AsNoTracking().SingleOrDefaultAsync(i => i.Id == instanceId, ct);

    public Task<WorkflowInstance?> FindByCorrelationAsync(string correlationId, CancellationToken ct) =>
        db.Set<WorkflowInstance>().AsNoTracking().Where(i => i.CorrelationId == correlationId)
            .OrderByDescending(i => i.CreatedAt).FirstOrDefaultAsync(ct);
}
