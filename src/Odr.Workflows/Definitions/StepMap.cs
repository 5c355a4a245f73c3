namespace Odr.Workflows.Definitions;

/// <summary>The steps of a definition. Steps are stable string names, never positions.</summary>
public sealed class StepMap<TState> where TState : class, new()
{
    /// <summary>The name of the pseudo-step whose handlers apply in every step that has none of its own.</summary>
    public const string AnyStep = "*";

    private readonly Dictionary<string, StepBuilder<TState>> _steps = new(StringComparer.Ordinal);

    public StepBuilder<TState> Step(string name)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        if (name == AnyStep || name.Contains('/', StringComparison.Ordinal))
        {
            throw new ArgumentException($"'{name}' is not a valid step name.", nameof(name));
        }
        if (!_steps.TryGetValue(name, out var step))
        {
            _steps[name] = step = new StepBuilder<TState>(name);
        }
        return step;
    }

    /// <summary>Handlers that apply in every step unless the step has its own for the same signal or timer.</summary>
    public StepBuilder<TState> InAnyStep()
    {
        if (!_steps.TryGetValue(AnyStep, out var step))
        {
            _steps[AnyStep] = step = new StepBuilder<TState>(AnyStep);
        }
        return step;
    }

    internal bool Contains(string step) => step != AnyStep && _steps.ContainsKey(step);

    internal StepBuilder<TState>? Find(string step) => _steps.GetValueOrDefault(step);

    internal StepBuilder<TState>? Any => _steps.GetValueOrDefault(AnyStep);

    internal IReadOnlyCollection<Type> SignalTypes =>
        _steps.Values.SelectMany(s => s.Signals.Values.Select(h => h.Type)).Distinct().ToList();

    internal void Validate(string initialStep)
    {
        if (!Contains(initialStep))
        {
            throw new InvalidOperationException($"The initial step '{initialStep}' is not defined.");
        }
    }

    internal string Describe() => string.Join("\n", _steps.Values.OrderBy(s => s.Name, StringComparer.Ordinal).Select(s => s.Describe()));
}

/// <summary>The handlers of one step.</summary>
public sealed class StepBuilder<TState> where TState : class, new()
{
    internal StepBuilder(string name) => Name = name;

    public string Name { get; }

    internal Action<StepContext<TState>>? Enter { get; private set; }

    internal Dictionary<string, (Type Type, Action<StepContext<TState>, object> Handle)> Signals { get; } = new(StringComparer.Ordinal);

    internal Dictionary<string, Action<StepContext<TState>>> Timers { get; } = new(StringComparer.Ordinal);

    public StepBuilder<TState> OnEnter(Action<StepContext<TState>> handler)
    {
        if (Name == StepMap<TState>.AnyStep)
        {
            throw new InvalidOperationException("Entering applies to real steps only.");
        }
        Enter = handler;
        return this;
    }

    /// <summary>Handles the signal whose type is <typeparamref name="TSignal"/>; its name on the wire is the type's name.</summary>
    public StepBuilder<TState> OnSignal<TSignal>(Action<StepContext<TState>, TSignal> handler) where TSignal : class
    {
        Signals[SignalName.Of(typeof(TSignal))] = (typeof(TSignal), (context, payload) => handler(context, (TSignal)payload));
        return this;
    }

    /// <summary>Handles the timer called <paramref name="name"/> (and keyed timers <c>name/key</c>).</summary>
    public StepBuilder<TState> OnTimer(string name, Action<StepContext<TState>> handler)
    {
        if (name.Contains('/', StringComparison.Ordinal))
        {
            throw new ArgumentException("A timer handler's name has no key.", nameof(name));
        }
        Timers[name] = handler;
        return this;
    }

    internal string Describe() =>
        $"step:{Name} enter:{Enter is not null} signals:[{string.Join(",", Signals.Keys.Order(StringComparer.Ordinal))}] " +
        $"timers:[{string.Join(",", Timers.Keys.Order(StringComparer.Ordinal))}]";
}

/// <summary>The wire name of a signal or command type.</summary>
public static class SignalName
{
    public static string Of(Type type) => type.Name;
}
