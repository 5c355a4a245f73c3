using Odr.Workflows.Runtime;

namespace Odr.Workflows.Migrations;

/// <summary>A timer waiting to fire, as a migration sees it: its full name (<c>name</c> or <c>name/key</c>), step and due time.</summary>
public sealed record PendingTimer(string Name, string Step, DateTimeOffset DueAt);

/// <summary>A running instance of the old version, as a migration is asked to map it.</summary>
public sealed record MigrationSubject(Guid InstanceId, string Step, string StateJson, IReadOnlyList<PendingTimer> Timers);

/// <summary>
/// What a migration decided for one instance: move it to the new version at <see cref="Step"/> with
/// <see cref="StateJson"/> and exactly <see cref="Timers"/> pending (each old timer kept, renamed or cancelled by
/// name), or leave it to finish on the old version (<see cref="StayReason"/>).
/// </summary>
public sealed record MigrationDecision(string? Step, string? StateJson, IReadOnlyList<TimerMapping> Timers, string? StayReason)
{
    public bool Migrates => StayReason is null;

    public static MigrationDecision Stay(string reason) => new(null, null, [], reason);
}

/// <summary>
/// One pending timer of the old version (<see cref="OldName"/>, none for a new timer) and what it becomes
/// (<see cref="New"/>, none to cancel it).
/// </summary>
public sealed record TimerMapping(string? OldName, PendingTimer? New);

/// <summary>
/// A declared migration of running instances from one version of a definition to the next, run at start-up
/// (<see cref="WorkflowMigrator{TContext}"/>). It maps the step, the state and every pending timer explicitly, or
/// leaves the instance on the old version where moving it would be wrong; an instance never restarts from its first
/// step. Write one by deriving from <see cref="WorkflowMigration{TFrom, TTo}"/>.
/// </summary>
public interface IWorkflowMigration
{
    string DefinitionName { get; }

    int FromVersion { get; }

    int ToVersion { get; }

    MigrationDecision Decide(MigrationSubject instance);
}

/// <summary>A migration over typed states: map the step and state, and say what becomes of each pending timer.</summary>
public abstract class WorkflowMigration<TFrom, TTo> : IWorkflowMigration where TFrom : class, new() where TTo : class, new()
{
    public abstract string DefinitionName { get; }

    public abstract int FromVersion { get; }

    public abstract int ToVersion { get; }

    /// <summary>The plan for one instance: <see cref="MigrationPlan.To{TState}"/> or <see cref="MigrationPlan.Stay{TState}"/>.</summary>
    protected abstract MigrationPlan<TTo> Map(string step, TFrom state, IReadOnlyList<PendingTimer> timers);

    public MigrationDecision Decide(MigrationSubject instance)
    {
        var state = (TFrom)WorkflowJson.Deserialize(instance.StateJson, typeof(TFrom));
        var plan = Map(instance.Step, state, instance.Timers);
        if (plan.StayReason is { } reason)
        {
            return MigrationDecision.Stay(reason);
        }
        // Explicit means complete: a pending timer the plan does not mention is a gap in the migration, not a default.
        var unmapped = instance.Timers.Select(t => t.Name).Except(plan.Mappings.Where(m => m.OldName is not null).Select(m => m.OldName!)).ToList();
        if (unmapped.Count > 0)
        {
            throw new InvalidOperationException(
                $"{GetType().Name} does not say what becomes of timer(s) {string.Join(", ", unmapped)} of instance {instance.InstanceId} in step {instance.Step}.");
        }
        return new MigrationDecision(plan.Step, WorkflowJson.Serialize(plan.State!), plan.Mappings, null);
    }
}

/// <summary>Starts a migration's plan for one instance: <c>MigrationPlan.To("step", state).Keep(timer).Cancel(other)</c>.</summary>
public static class MigrationPlan
{
    public static MigrationPlan<TState> To<TState>(string step, TState state) where TState : class, new() => new(step, state, null);

    /// <summary>Leaves the instance to finish on its old version, for the reason given (journaled once).</summary>
    public static MigrationPlan<TState> Stay<TState>(string reason) where TState : class, new() => new(null, null, reason);
}

/// <summary>A migration's plan for one instance: where it goes, with which state, and what becomes of each pending timer.</summary>
public sealed class MigrationPlan<TState> where TState : class, new()
{
    private readonly List<TimerMapping> _mappings = [];

    internal MigrationPlan(string? step, TState? state, string? stayReason)
    {
        Step = step;
        State = state;
        StayReason = stayReason;
    }

    public string? Step { get; }

    public TState? State { get; }

    public string? StayReason { get; }

    internal IReadOnlyList<TimerMapping> Mappings => _mappings;

    /// <summary>Keeps the timer as it is, in the step it now belongs to (the plan's step unless said otherwise).</summary>
    public MigrationPlan<TState> Keep(PendingTimer timer, string? step = null) =>
        Map(timer, timer with { Step = step ?? Step! });

    /// <summary>The timer becomes <paramref name="becomes"/> (another name, step or due time).</summary>
    public MigrationPlan<TState> Map(PendingTimer timer, PendingTimer becomes)
    {
        _mappings.Add(new TimerMapping(timer.Name, becomes));
        return this;
    }

    public MigrationPlan<TState> Cancel(PendingTimer timer)
    {
        _mappings.Add(new TimerMapping(timer.Name, null));
        return this;
    }

    /// <summary>A timer the new version would have started in this step.</summary>
    public MigrationPlan<TState> Start(string name, DateTimeOffset dueAt, string? step = null)
    {
        _mappings.Add(new TimerMapping(null, new PendingTimer(name, step ?? Step!, dueAt)));
        return this;
    }
}
