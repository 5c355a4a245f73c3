using Odr.Workflows.Definitions;

namespace Odr.Workflows.Runtime;

internal enum TriggerKind
{
    Start,
    Signal,
    Timer,
}

/// <summary>What woke the workflow: its start, a signal (by name, with its payload) or a timer (by full name).</summary>
internal sealed record Trigger(TriggerKind Kind, string? Name = null, object? Payload = null);

/// <summary>The outcome of running one trigger: the new step and state, and everything the runtime must persist.</summary>
internal sealed class RunResult
{
    public required bool Handled { get; init; }
    public required string Step { get; init; }
    public required object State { get; init; }
    public required IReadOnlyList<(string From, string To)> Transitions { get; init; }
    /// <summary>Set when the instance changed step: every pending timer of the instance is cancelled first.</summary>
    public bool CancelAllTimers => Transitions.Count > 0;
    public required IReadOnlyList<(string Name, DateTimeOffset DueAt)> TimersToStart { get; init; }
    public required IReadOnlyList<string> TimersToCancel { get; init; }
    public required IReadOnlyList<object> Commands { get; init; }
    public bool Ended { get; init; }
    public string? Outcome { get; init; }
    public string? Error { get; init; }
}

internal interface IRunnableDefinition : IWorkflowDefinition
{
    RunResult Run(string step, object state, Trigger trigger, DateTimeOffset now);
}

/// <summary>Runs one trigger through a definition's handlers, following GoTo from step to step. Pure: no I/O.</summary>
internal static class WorkflowRunner
{
    /// <summary>How many steps one trigger may pass through before the runner assumes a loop.</summary>
    public const int MaxTransitionsPerTrigger = 20;

    public static RunResult Run<TState>(StepMap<TState> steps, string initialStep, string step, TState state, Trigger trigger,
        DateTimeOffset now) where TState : class, new()
    {
        string? timerKey = null;
        if (trigger is { Kind: TriggerKind.Timer, Name: { } timerName } && timerName.IndexOf('/', StringComparison.Ordinal) is >= 0 and var slash)
        {
            timerKey = timerName[(slash + 1)..];
        }
        var context = new StepContext<TState>(state, now, step, timerKey);
        var handled = true;
        switch (trigger.Kind)
        {
            case TriggerKind.Start:
                context.GoTo(initialStep);
                break;
            case TriggerKind.Signal:
                var signal = Find(steps, step, s => s.Signals.TryGetValue(trigger.Name!, out var h) ? h.Handle : null);
                handled = signal is not null;
                signal?.Invoke(context, trigger.Payload!);
                break;
            case TriggerKind.Timer:
                var baseName = trigger.Name!.Split('/')[0];
                var timer = Find(steps, step, s => s.Timers.GetValueOrDefault(baseName));
                handled = timer is not null;
                timer?.Invoke(context);
                break;
        }

        var transitions = new List<(string From, string To)>();
        var current = step;
        while (context.NextStep is { } next && !context.Ending.Done)
        {
            if (!steps.Contains(next))
            {
                throw new InvalidOperationException($"Step '{next}' is not defined.");
            }
            if (transitions.Count >= MaxTransitionsPerTrigger)
            {
                throw new InvalidOperationException($"More than {MaxTransitionsPerTrigger} transitions for one trigger: a loop between steps.");
            }
            transitions.Add((trigger.Kind == TriggerKind.Start && transitions.Count == 0 ? "" : current, next));
            current = next;
            context.ResetForEntry(next);
            steps.Find(next)!.Enter?.Invoke(context);
        }

        return new RunResult
        {
            Handled = handled,
            Step = current,
            State = state,
            Transitions = transitions,
            TimersToStart = context.TimersToStart.ToList(),
            TimersToCancel = context.TimersToCancel.ToList(),
            Commands = context.Commands.ToList(),
            Ended = context.Ending.Done,
            Outcome = context.Ending.Outcome,
            Error = context.Ending.Error,
        };
    }

    /// <summary>The step's own handler, or else the any-step handler.</summary>
    private static T? Find<TState, T>(StepMap<TState> steps, string step, Func<StepBuilder<TState>, T?> pick)
        where TState : class, new() where T : class =>
        (steps.Find(step) is { } own ? pick(own) : null) ?? (steps.Any is { } any ? pick(any) : null);
}
