namespace Odr.Workflows.Runtime;

/// <summary>The runtime's settings (<c>Odr:Workflows</c> in the web app).</summary>
public sealed class WorkflowOptions
{
    /// <summary>This process's name in leases. Unique per process; two nodes must never share one.</summary>
    public string NodeId { get; set; } = $"{Environment.MachineName}:{Environment.ProcessId}:{Guid.NewGuid().ToString("N")[..8]}";

    /// <summary>How often the pollers look for due work when nothing wakes them sooner.</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>How long a claim lasts; a node that dies mid-work loses its claims after this.</summary>
    public TimeSpan LeaseDuration { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How many due items one poll claims at most (the catch-up after downtime is staggered by it).</summary>
    public int BatchSize { get; set; } = 100;

    /// <summary>
    /// How many workflow instances' timers and signals a poller handles side by side. One instance's items always run one
    /// at a time, in order. Commands have slots of their own per command type (<see cref="CommandSlots"/>).
    /// </summary>
    public int Concurrency { get; set; } = 4;

    /// <summary>
    /// How many instances' commands of one type run side by side on this node, unless <see cref="CommandSlotsByType"/>
    /// says otherwise for the type. Each type has slots of its own and is claimed on its own, so a type whose handlers are
    /// slow or failing (e-mail while the mail server is down) holds only its own slots, never another type's: documents
    /// and live updates go on. One instance's commands of one type run one at a time, in order; an instance's commands
    /// of different types may run side by side. A slow command takes its slot until it finishes or reaches its
    /// <see cref="CommandTimeout"/>.
    /// </summary>
    public int CommandSlots { get; set; } = 4;

    /// <summary>
    /// Slots for particular command types, by the type's name (its class name, as stored in the command's <c>Type</c>),
    /// e.g. <c>{"SendNotice": 8, "IssueCaseDocument": 2}</c>; other types get <see cref="CommandSlots"/>.
    /// </summary>
    public Dictionary<string, int> CommandSlotsByType { get; set; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>The slots of commands of type <paramref name="type"/> on this node.</summary>
    public int SlotsFor(string type) => Math.Max(1, CommandSlotsByType.TryGetValue(type, out var slots) ? slots : CommandSlots);

    /// <summary>
    /// How many instances' due timers fire in one set-based transaction (ADR 013) when many are due at once; a poll's
    /// batches run side by side up to <see cref="Concurrency"/>.
    /// </summary>
    public int TimersPerTransaction { get; set; } = 50;

    /// <summary>
    /// The longest a command may run. At this limit its token is cancelled and it counts as a failed attempt: retried with
    /// backoff, or dead-lettered after the last, with its claim released. Never longer than <see cref="LeaseDuration"/>,
    /// past which another node may take the command.
    /// </summary>
    public TimeSpan CommandTimeout { get; set; } = TimeSpan.FromSeconds(20);

    /// <summary>Failed command attempts before the command is dead-lettered.</summary>
    public int MaxCommandAttempts { get; set; } = 8;

    /// <summary>The longest wait between two attempts of a failing command.</summary>
    public TimeSpan MaxRetryDelay { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>How often a transition that lost an optimistic-concurrency race is retried at once.</summary>
    public int ConflictRetries { get; set; } = 5;

    /// <summary>Whether the pollers run as hosted services. Tests that drive the runtime by hand turn them off.</summary>
    public bool RunPollers { get; set; } = true;
}
