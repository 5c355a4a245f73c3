using System.Security.Cryptography;
using System.Text;
using Odr.Workflows.Runtime;

namespace Odr.Workflows.Definitions;

/// <summary>A workflow definition of any state type, as the runtime sees it.</summary>
public interface IWorkflowDefinition
{
    string Name { get; }

    int Version { get; }

    string InitialStep { get; }

    /// <summary>A hash of the definition's shape (steps, signals, timers): it changes when a shipped version is edited.</summary>
    string Hash { get; }

    Type StateType { get; }

    IReadOnlyCollection<Type> SignalTypes { get; }

    /// <summary>A readable description of the shape the hash is computed from.</summary>
    string Shape { get; }
}

/// <summary>
/// A code-first, pure workflow: steps with handlers for entering, signals and timers. Handlers change the state and
/// record intentions (timers, commands, transitions) on the context; the runtime persists them. A shipped version
/// is never edited: a change is a new class with a higher <see cref="Version"/>.
/// </summary>
public abstract class WorkflowDefinition<TState> : IRunnableDefinition where TState : class, new()
{
    private StepMap<TState>? _steps;

    public abstract string Name { get; }

    public abstract int Version { get; }

    public abstract string InitialStep { get; }

    public Type StateType => typeof(TState);

    internal StepMap<TState> Steps
    {
        get
        {
            if (_steps is null)
            {
                var steps = new StepMap<TState>();
                Define(steps);
                steps.Validate(InitialStep);
                _steps = steps;
            }
            return _steps;
        }
    }

    public IReadOnlyCollection<Type> SignalTypes => Steps.SignalTypes;

    public string Shape => $"{Name}@{Version}\ninitial:{InitialStep}\n{Steps.Describe()}";

    public string Hash => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(Shape)));

    protected internal abstract void Define(StepMap<TState> steps);

    RunResult IRunnableDefinition.Run(string step, object state, Trigger trigger, DateTimeOffset now) =>
        WorkflowRunner.Run(Steps, InitialStep, step, (TState)state, trigger, now);
}
