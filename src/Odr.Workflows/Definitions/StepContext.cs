namespace Odr.Workflows.Definitions;

/// <summary>
/// What a handler sees and may do. Handlers are pure: they read <see cref="State"/> and <see cref="Now"/>, change
/// the state, and record intentions; the runtime carries the intentions out in one transaction.
/// </summary>
public sealed class StepContext<TState> where TState : class, new()
{
    private readonly List<(string Name, DateTimeOffset DueAt)> _timersToStart = [];
    private readonly List<string> _timersToCancel = [];
    private readonly List<object> _commands = [];

    internal StepContext(TState state, DateTimeOffset now, string step, string? timerKey)
    {
        State = state;
        Now = now;
        CurrentStep = step;
        TimerKey = timerKey;
    }

    public TState State { get; }

    public DateTimeOffset Now { get; }

    public string CurrentStep { get; internal set; }

    /// <summary>In a timer handler, the key of a keyed timer (<c>name/key</c>); otherwise none.</summary>
    public string? TimerKey { get; }

    internal string? NextStep { get; private set; }

    internal (bool Done, string? Outcome, string? Error) Ending { get; private set; }

    internal IReadOnlyList<(string Name, DateTimeOffset DueAt)> TimersToStart => _timersToStart;

    internal IReadOnlyList<string> TimersToCancel => _timersToCancel;

    internal IReadOnlyList<object> Commands => _commands;

    /// <summary>Starts (or restarts) the timer <paramref name="name"/>, optionally keyed: <c>StartTimer("reminder", at)</c>, <c>StartTimer("request", at, "42")</c>.</summary>
    public void StartTimer(string name, DateTimeOffset dueAt, string? key = null)
    {
        var full = key is null ? name : $"{name}/{key}";
        _timersToStart.RemoveAll(t => t.Name == full);
        _timersToStart.Add((full, dueAt));
    }

    public void CancelTimer(string name, string? key = null)
    {
        var full = key is null ? name : $"{name}/{key}";
        _timersToStart.RemoveAll(t => t.Name == full);
        _timersToCancel.Add(full);
    }

    /// <summary>Asks for something to be done outside the workflow, after this transition commits.</summary>
    public void Emit(object command) => _commands.Add(command);

    /// <summary>Moves to <paramref name="step"/> (entering it again if it is the current one): its timers are cancelled and its entry runs.</summary>
    public void GoTo(string step) => NextStep = step;

    public void Complete(string outcome) => Ending = (true, outcome, null);

    public void Fail(string reason) => Ending = (true, null, reason);

    /// <summary>Entering a step: timers asked for before (in the step being left) no longer apply; commands stay.</summary>
    internal void ResetForEntry(string step)
    {
        CurrentStep = step;
        NextStep = null;
        _timersToStart.Clear();
        _timersToCancel.Clear();
    }
}
