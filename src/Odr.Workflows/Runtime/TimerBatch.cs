using Microsoft.EntityFrameworkCore;
using Odr.Workflows.Persistence;

namespace Odr.Workflows.Runtime;

/// <summary>A due timer as the poll found it: everything firing needs of it (a timer row never changes but for its status).</summary>
internal sealed record DueTimer(Guid Id, Guid InstanceId, string Name, string Step, DateTimeOffset DueAt);

/// <summary>What a committed batch added: the pollers are nudged by it.</summary>
internal sealed record FiredBatch(int Fired, bool AddedCommands, DateTimeOffset? EarliestNewTimer)
{
    public static readonly FiredBatch None = new(0, false, null);
}

/// <summary>
/// Fires a batch of due timers in one transaction with set-based statements and no tracked entity (ADR 013):
/// <list type="number">
/// <item>on PostgreSQL, the batch's instance rows are locked in id order, skipping those another transaction holds
/// (<c>FOR UPDATE SKIP LOCKED</c>: no waits, no deadlocks; a skipped instance's timers stay due for the next poll);</item>
/// <item>one conditional <c>UPDATE … SET Status = 'Fired' … WHERE Status = 'Pending' … RETURNING "Id"</c> claims the
/// timers: only rows still pending change, so of two nodes racing each row goes to one, and only its ids come back;</item>
/// <item>the claimed timers' instances are read (one query), each instance's timers run through its definition in
/// memory, in due order;</item>
/// <item>what the runs decided is written with one statement per kind: timers cancelled, journal rows, new timers,
/// commands (multi-row INSERTs), and the instances (one command, each row guarded by the version read).</item>
/// </list>
/// The claim and its effects commit together or not at all: a crash before the commit leaves every timer pending (and
/// unleased), to be fired by the next poll of any node; after it, the effects are durable with the timer marked fired.
/// </summary>
internal static class TimerBatch
{
    public static async Task<FiredBatch> FireAsync(DbContext db, WorkflowRegistry registry, string node, IReadOnlyList<DueTimer> candidates,
        DateTimeOffset now, CancellationToken ct)
    {
        using var sql = new SetBasedSql(db);
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        var instanceIds = candidates.Select(t => t.InstanceId).Distinct().ToList();
        if (sql.IsPostgres)
        {
            // Instance before timers, the order every writer of an instance takes its rows in (see WorkflowApplier.LockAsync).
            instanceIds = await sql.QueryIdsAsync($"SELECT {sql.Column<WorkflowInstance>("Id")} AS \"Value\" FROM {sql.Table<WorkflowInstance>()} " +
                $"WHERE {sql.In<WorkflowInstance>("Id", instanceIds.Cast<object?>())} ORDER BY {sql.Column<WorkflowInstance>("Id")} FOR UPDATE SKIP LOCKED", ct);
        }
        var lockedInstances = instanceIds.ToHashSet();
        var claimable = candidates.Where(t => lockedInstances.Contains(t.InstanceId)).ToList();
        if (claimable.Count == 0)
        {
            return FiredBatch.None;
        }

        // The claim: the compare-and-swap of every timer at once. A lease of an older node (before ADR 013) is respected.
        var won = (await sql.QueryIdsAsync($"UPDATE {sql.Table<WorkflowTimer>()} SET " +
            $"{sql.Column<WorkflowTimer>("Status")} = {sql.Value<WorkflowTimer>("Status", TimerStatus.Fired)}, " +
            $"{sql.Column<WorkflowTimer>("FiredAt")} = {sql.Value<WorkflowTimer>("FiredAt", now)}, " +
            $"{sql.Column<WorkflowTimer>("LeaseOwner")} = {sql.Value<WorkflowTimer>("LeaseOwner", node)}, " +
            $"{sql.Column<WorkflowTimer>("Attempts")} = {sql.Column<WorkflowTimer>("Attempts")} + 1 " +
            $"WHERE {sql.In<WorkflowTimer>("Id", claimable.Select(t => (object?)t.Id))} " +
            $"AND {sql.ColumnNoIndex<WorkflowTimer>("Status")} = {sql.Value<WorkflowTimer>("Status", TimerStatus.Pending)} " +
            $"AND ({sql.Column<WorkflowTimer>("LeaseUntil")} IS NULL OR {sql.Column<WorkflowTimer>("LeaseUntil")} < {sql.Value<WorkflowTimer>("LeaseUntil", now)}) " +
            $"RETURNING {sql.Column<WorkflowTimer>("Id")} AS \"Value\"", ct)).ToHashSet();
        var fired = claimable.Where(t => won.Contains(t.Id)).ToList();
        if (fired.Count == 0)
        {
            return FiredBatch.None;
        }

        var firedInstanceIds = fired.Select(t => t.InstanceId).Distinct().ToList();
        var instances = await db.Set<WorkflowInstance>().AsNoTracking().Where(i => firedInstanceIds.Contains(i.Id)).ToDictionaryAsync(i => i.Id, ct);
        var writes = new BatchWrites(now);
        foreach (var instanceTimers in fired.GroupBy(t => t.InstanceId))
        {
            var instance = instances[instanceTimers.Key];
            writes.Read(instance);
            foreach (var timer in instanceTimers.OrderBy(t => t.DueAt).ThenBy(t => t.Id))
            {
                if (writes.CancelledByAnEarlierTimer(timer))
                {
                    continue;
                }
                if (instance.Status == WorkflowStatus.Running && instance.CurrentStep == timer.Step)
                {
                    var definition = registry.Get(instance.DefinitionName, instance.DefinitionVersion);
                    var state = WorkflowJson.Deserialize(instance.StateJson, definition.StateType);
                    writes.Apply(instance, timer, definition.Run(instance.CurrentStep, state, new Trigger(TriggerKind.Timer, timer.Name), now));
                }
                else
                {
                    writes.Ignore(instance, timer);
                }
            }
        }
        await writes.FlushAsync(sql, ct);
        await transaction.CommitAsync(ct);
        return new FiredBatch(fired.Count, writes.Commands.Count > 0, writes.NewTimers.Count == 0 ? null : writes.NewTimers.Min(t => t.DueAt));
    }
}
