using Microsoft.Extensions.Time.Testing;
using Odr.Workflows.Definitions;
using Odr.Workflows.Persistence;
using Odr.Workflows.Runtime;

namespace Odr.Testing;

/// <summary>
/// Runs a definition in memory on a fake clock, with the runtime's semantics (timers cancelled on leaving a step,
/// state round-tripped through JSON, keyed timers), so step logic is tested without a database.
/// </summary>
public sealed class WorkflowTestHarness<TState> where TState : class, new()
{
    private readonly IRunnableDefinition _definition;
    private readonly Dictionary<string, (DateTimeOffset DueAt, string Step)> _timers = new(StringComparer.Ordinal);
    private readonly List<object> _commands = [];
    private int _taken;
    private string _stateJson = "{}";

    public WorkflowTestHarness(WorkflowDefinition<TState> definition, FakeTimeProvider clock)
    {
        _definition = definition;
        Clock = clock;
    }

    public FakeTimeProvider Clock { get; }

    public TState State => (TState)WorkflowJson.Deserialize(_stateJson, typeof(TState));

    public string Step { get; private set; } = "";

    public WorkflowStatus Status { get; private set; } = WorkflowStatus.Running;

    public string? Outcome { get; private set; }

    /// <summary>Pending timers by full name, with when they fall due.</summary>
    public IReadOnlyDictionary<string, DateTimeOffset> PendingTimers => _timers.ToDictionary(t => t.Key, t => t.Value.DueAt);

    /// <summary>Every command emitted so far.</summary>
    public IReadOnlyList<object> Commands => _commands;

    /// <summary>The commands emitted since the last call.</summary>
    public IReadOnlyList<object> TakeCommands()
    {
        var taken = _commands.Skip(_taken).ToList();
        _taken = _commands.Count;
        return taken;
    }

    public void Start(TState state)
    {
        _stateJson = WorkflowJson.Serialize(state);
        Apply(_definition.Run(_definition.InitialStep, state, new Trigger(TriggerKind.Start), Clock.GetUtcNow()));
    }

    /// <summary>Delivers a signal; false when the current step does not handle it (the runtime records it as ignored).</summary>
    public bool Signal(object signal)
    {
        EnsureRunning();
        var payload = WorkflowJson.Deserialize(WorkflowJson.Serialize(signal), signal.GetType());
        var result = _definition.Run(Step, State, new Trigger(TriggerKind.Signal, SignalName.Of(signal.GetType()), payload), Clock.GetUtcNow());
        Apply(result);
        return result.Handled;
    }

    /// <summary>Moves the clock forward, firing each timer that falls due on the way, in due order, at its due time.</summary>
    public void Advance(TimeSpan delta)
    {
        var target = Clock.GetUtcNow() + delta;
        while (Status == WorkflowStatus.Running && _timers.Where(t => t.Value.DueAt <= target).OrderBy(t => t.Value.DueAt).FirstOrDefault() is
               { Key: not null } due)
        {
            Clock.SetUtcNow(due.Value.DueAt > Clock.GetUtcNow() ? due.Value.DueAt : Clock.GetUtcNow());
            _timers.Remove(due.Key);
            if (due.Value.Step == Step)
            {
                Apply(_definition.Run(Step, State, new Trigger(TriggerKind.Timer, due.Key), Clock.GetUtcNow()));
            }
        }
        Clock.SetUtcNow(target);
    }

    private void Apply(RunResult result)
    {
        if (!result.Handled)
        {
            return;
        }
        if (result.CancelAllTimers || result.Ended)
        {
            _timers.Clear();
        }
        foreach (var name in result.TimersToCancel.Concat(result.TimersToStart.Select(t => t.Name)))
        {
            _timers.Remove(name);
        }
        if (!result.Ended)
        {
            foreach (var (name, dueAt) in result.TimersToStart)
            {
                _timers[name] = (dueAt, result.Step);
            }
        }
        foreach (var command in result.Commands)
        {
            _commands.Add(WorkflowJson.Deserialize(WorkflowJson.Serialize(command), command.GetType()));
        }
        Step = result.Step;
        _stateJson = WorkflowJson.Serialize(result.State);
        if (result.Ended)
        {
            Status = result.Error is null ? WorkflowStatus.Completed : WorkflowStatus.Faulted;
            Outcome = result.Outcome ?? result.Error;
        }
    }

    private void EnsureRunning()
    {
        if (Status != WorkflowStatus.Running)
        {
            throw new InvalidOperationException($"The workflow has ended ({Status}).");
        }
    }
}
