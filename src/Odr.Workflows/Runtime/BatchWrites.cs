using Odr.Workflows.Persistence;

namespace Odr.Workflows.Runtime;

/// <summary>
/// What the runs of a timer batch decided, gathered in memory as plain rows (nothing tracked) and written with one
/// statement per kind (<see cref="FlushAsync"/>). The same rules as <see cref="WorkflowApplier"/>, which writes one
/// run on a tracked context: a transition or an end cancels every pending timer of the instance, a started timer
/// replaces a pending one of its name, commands get the instance's next sequence numbers, every write moves the
/// instance's version on.
/// </summary>
internal sealed class BatchWrites(DateTimeOffset now)
{
    private readonly Dictionary<Guid, (WorkflowInstance Instance, int ReadVersion)> _instances = [];
    private readonly HashSet<Guid> _cancelAllOf = [];
    private readonly Dictionary<Guid, HashSet<string>> _cancelNamed = [];
    /// <summary>Timers of this batch that an earlier timer of their instance cancelled: claimed as fired, stored as cancelled.</summary>
    private readonly List<Guid> _cancelledInBatch = [];
    private readonly Dictionary<Guid, HashSet<string>?> _cancelledSinceRead = [];

    /// <summary>What a timer's run may change on its instance.</summary>
    private static readonly string[] WrittenInstanceProperties =
    [
        nameof(WorkflowInstance.CurrentStep), nameof(WorkflowInstance.StateJson), nameof(WorkflowInstance.Status), nameof(WorkflowInstance.Outcome),
        nameof(WorkflowInstance.LastError), nameof(WorkflowInstance.Version), nameof(WorkflowInstance.CommandSeq), nameof(WorkflowInstance.HistorySeq),
        nameof(WorkflowInstance.UpdatedAt),
    ];

    public List<WorkflowHistoryEntry> History { get; } = [];
    public List<WorkflowTimer> NewTimers { get; } = [];
    public List<WorkflowCommand> Commands { get; } = [];

    public void Read(WorkflowInstance instance) => _instances[instance.Id] = (instance, instance.Version);

    /// <summary>Whether an earlier timer of this batch cancelled <paramref name="timer"/>; if so it is recorded as cancelled.</summary>
    public bool CancelledByAnEarlierTimer(DueTimer timer)
    {
        if (!_cancelledSinceRead.TryGetValue(timer.InstanceId, out var names) || (names is not null && !names.Contains(timer.Name)))
        {
            return false;
        }
        _cancelledInBatch.Add(timer.Id);
        return true;
    }

    public void Apply(WorkflowInstance instance, DueTimer timer, RunResult result)
    {
        Journal(instance, result.Handled ? HistoryKind.TimerFired : HistoryKind.TimerIgnored, null, null, timer.Name);
        if (result.Handled)
        {
            if (result.CancelAllTimers || result.Ended)
            {
                CancelAll(instance.Id);
            }
            else if (result.TimersToCancel.Concat(result.TimersToStart.Select(t => t.Name)).Distinct().ToList() is { Count: > 0 } names)
            {
                CancelNamed(instance.Id, names);
            }
            foreach (var (from, to) in result.Transitions)
            {
                Journal(instance, HistoryKind.Transition, from.Length == 0 ? null : from, to, null);
            }
            if (!result.Ended)
            {
                NewTimers.AddRange(result.TimersToStart.Select(t => WorkflowApplier.NewTimer(instance, t.Name, result.Step, t.DueAt, now)));
            }
            Commands.AddRange(result.Commands.Select(command => WorkflowApplier.NextCommand(instance, command, now)));
            WorkflowApplier.TakeStep(instance, result);
            if (result.Ended)
            {
                Journal(instance, result.Error is null ? HistoryKind.Completed : HistoryKind.Faulted, result.Step, null, result.Error ?? result.Outcome);
            }
        }
        WorkflowApplier.Touch(instance, now);
    }

    /// <summary>A timer whose step was left, or whose workflow ended: journaled, and nothing else.</summary>
    public void Ignore(WorkflowInstance instance, DueTimer timer)
    {
        Journal(instance, HistoryKind.TimerIgnored, instance.CurrentStep, null, $"{timer.Name} of step {timer.Step}");
        WorkflowApplier.Touch(instance, now);
    }

    private void CancelAll(Guid instanceId)
    {
        _cancelAllOf.Add(instanceId);
        _cancelledSinceRead[instanceId] = null;
        NewTimers.RemoveAll(t => t.InstanceId == instanceId);
    }

    private void CancelNamed(Guid instanceId, List<string> names)
    {
        if (!_cancelNamed.TryGetValue(instanceId, out var set))
        {
            _cancelNamed[instanceId] = set = [];
        }
        set.UnionWith(names);
        if (!_cancelledSinceRead.TryGetValue(instanceId, out var cancelled))
        {
            _cancelledSinceRead[instanceId] = cancelled = [];
        }
        cancelled?.UnionWith(names);
        NewTimers.RemoveAll(t => t.InstanceId == instanceId && names.Contains(t.Name));
    }

    private void Journal(WorkflowInstance instance, HistoryKind kind, string? from, string? to, string? detail)
    {
        instance.HistorySeq++;
        History.Add(new WorkflowHistoryEntry
        {
            InstanceId = instance.Id,
            Seq = instance.HistorySeq,
            At = now,
            Kind = kind,
            FromStep = from,
            ToStep = to,
            DetailJson = detail,
            CreatedAt = now,
        });
    }

    /// <summary>
    /// Writes everything, cancellations before the new timers (a pending timer's name is unique per instance). The
    /// instances last, each row guarded by the version read: within the batch's transaction nothing else can have
    /// written them (locked on PostgreSQL; on SQLite the transaction is the one writer), so a miss is a bug, and it
    /// rolls the batch back as a conflict rather than commit a half.
    /// </summary>
    public async Task FlushAsync(SetBasedSql sql, CancellationToken ct)
    {
        var status = sql.Column<WorkflowTimer>("Status");
        var pending = (object)TimerStatus.Pending;
        if (_cancelledInBatch.Count > 0)
        {
            await sql.ExecuteAsync($"UPDATE {sql.Table<WorkflowTimer>()} SET {status} = {sql.Value<WorkflowTimer>("Status", TimerStatus.Cancelled)}, " +
                $"{sql.Column<WorkflowTimer>("FiredAt")} = NULL WHERE {sql.In<WorkflowTimer>("Id", _cancelledInBatch.Cast<object?>())}", ct);
        }
        var cancels = new List<string>();
        if (_cancelAllOf.Count > 0)
        {
            cancels.Add(sql.In<WorkflowTimer>("InstanceId", _cancelAllOf.Cast<object?>()));
        }
        foreach (var (instanceId, names) in _cancelNamed.Where(n => !_cancelAllOf.Contains(n.Key)))
        {
            cancels.Add($"({sql.Column<WorkflowTimer>("InstanceId")} = {sql.Value<WorkflowTimer>("InstanceId", instanceId)} " +
                $"AND {sql.In<WorkflowTimer>("Name", names)})");
        }
        if (cancels.Count > 0)
        {
            await sql.ExecuteAsync($"UPDATE {sql.Table<WorkflowTimer>()} SET {status} = {sql.Value<WorkflowTimer>("Status", TimerStatus.Cancelled)} " +
                $"WHERE {status} = {sql.Value<WorkflowTimer>("Status", pending)} AND ({string.Join(" OR ", cancels)})", ct);
        }
        await sql.InsertAsync(History, ct);
        await sql.InsertAsync(NewTimers, ct);
        await sql.InsertAsync(Commands, ct);

        var updated = await sql.UpdateByKeyAsync(_instances.Values.Select(i => i.Instance).ToList(), WrittenInstanceProperties,
            nameof(WorkflowInstance.Id), nameof(WorkflowInstance.Version), instance => _instances[instance.Id].ReadVersion, ct);
        if (updated != _instances.Count)
        {
            throw new Microsoft.EntityFrameworkCore.DbUpdateConcurrencyException(
                $"{_instances.Count - updated} of {_instances.Count} workflow instances changed while their timers fired.");
        }
    }
}
