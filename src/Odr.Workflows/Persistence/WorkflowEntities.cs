namespace Odr.Workflows.Persistence;

public enum WorkflowStatus
{
    Running,
    Completed,
    Faulted,
    Cancelled,
}

public enum TimerStatus
{
    Pending,
    Fired,
    Cancelled,
}

public enum SignalStatus
{
    Pending,
    Processed,
    Ignored,
    Failed,
}

public enum CommandStatus
{
    Pending,
    Done,
    DeadLettered,
}

public enum HistoryKind
{
    Started,
    Signal,
    SignalIgnored,
    TimerFired,
    TimerIgnored,
    Transition,
    CommandFailed,
    CommandDeadLettered,
    Completed,
    Faulted,
    /// <summary>Moved to a newer definition version by a declared migration.</summary>
    Migrated,
    /// <summary>Left on its version by a declared migration, which said why.</summary>
    MigrationDeclined,
}

/// <summary>
/// One running workflow. Its definition (name, version, hash) is pinned at start and never changes. Every write
/// increments <see cref="Version"/>, the optimistic-concurrency token, so two writers cannot both win.
/// </summary>
public sealed class WorkflowInstance
{
    public Guid Id { get; set; }
    public string DefinitionName { get; set; } = "";
    public int DefinitionVersion { get; set; }
    public string DefinitionHash { get; set; } = "";
    /// <summary>What the workflow is about, e.g. a dispute's id. Indexed: the domain finds its workflow by it.</summary>
    public string CorrelationId { get; set; } = "";
    public string CurrentStep { get; set; } = "";
    /// <summary>Small: ids and dates, never documents.</summary>
    public string StateJson { get; set; } = "{}";
    public WorkflowStatus Status { get; set; }
    public string? Outcome { get; set; }
    public int Version { get; set; }
    /// <summary>The last sequence number used for this instance's commands and history entries.</summary>
    public int CommandSeq { get; set; }
    public int HistorySeq { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
    public string? LastError { get; set; }
}

/// <summary>A row that nodes claim with a lease before working on it.</summary>
public interface ILeased
{
    Guid Id { get; }
    string? LeaseOwner { get; set; }
    DateTimeOffset? LeaseUntil { get; set; }
    int Attempts { get; set; }
}

/// <summary>A durable timer: a row, claimed with a lease when due. Nothing about it lives in memory.</summary>
public sealed class WorkflowTimer : ILeased
{
    public Guid Id { get; set; }
    public Guid InstanceId { get; set; }
    /// <summary>The handler's name, optionally with a key after a slash (<c>evidence-request/42</c>).</summary>
    public string Name { get; set; } = "";
    /// <summary>The step that started it; a timer that fires after its step was left is ignored.</summary>
    public string Step { get; set; } = "";
    public DateTimeOffset DueAt { get; set; }
    public TimerStatus Status { get; set; }
    public string? LeaseOwner { get; set; }
    public DateTimeOffset? LeaseUntil { get; set; }
    public int Attempts { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset? FiredAt { get; set; }
}

/// <summary>The inbox: a signal addressed to an instance by id and name, at most once per idempotency key.</summary>
public sealed class WorkflowSignal : ILeased
{
    public const int IdempotencyKeyMaxLength = 200;

    public Guid Id { get; set; }
    public Guid InstanceId { get; set; }
    public string Name { get; set; } = "";
    public string PayloadJson { get; set; } = "{}";
    public string IdempotencyKey { get; set; } = "";
    public SignalStatus Status { get; set; }
    public string? LeaseOwner { get; set; }
    public DateTimeOffset? LeaseUntil { get; set; }
    public int Attempts { get; set; }
    public string? LastError { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset? ProcessedAt { get; set; }
}

/// <summary>
/// The outbox: something the workflow wants done outside itself. Run at least once, retried with backoff, and
/// dead-lettered after too many failures; handlers deduplicate by <see cref="IdempotencyKey"/>.
/// </summary>
public sealed class WorkflowCommand : ILeased
{
    public const int IdempotencyKeyMaxLength = 200;

    public Guid Id { get; set; }
    public Guid InstanceId { get; set; }
    public int Seq { get; set; }
    public string Type { get; set; } = "";
    public string PayloadJson { get; set; } = "{}";
    /// <summary><c>{instance}:{seq}</c>: unique, stable across retries.</summary>
    public string IdempotencyKey { get; set; } = "";
    public CommandStatus Status { get; set; }
    public DateTimeOffset NextAttemptAt { get; set; }
    public string? LeaseOwner { get; set; }
    public DateTimeOffset? LeaseUntil { get; set; }
    public int Attempts { get; set; }
    public string? LastError { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset? CompletedAt { get; set; }
}

/// <summary>The execution journal: what happened to an instance, in order.</summary>
public sealed class WorkflowHistoryEntry
{
    public Guid InstanceId { get; set; }
    public int Seq { get; set; }
    public DateTimeOffset At { get; set; }
    public HistoryKind Kind { get; set; }
    public string? FromStep { get; set; }
    public string? ToStep { get; set; }
    public string? DetailJson { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
}
