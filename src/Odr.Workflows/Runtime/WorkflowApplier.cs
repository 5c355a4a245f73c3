using Microsoft.EntityFrameworkCore;
using Odr.Workflows.Persistence;

namespace Odr.Workflows.Runtime;

/// <summary>Writes what one run decided: state, step, timers, commands and journal, all on one context.</summary>
internal static class WorkflowApplier
{
    /// <summary>
    /// Applies <paramref name="result"/> to <paramref name="instance"/>. Cancelling timers is done with immediate
    /// updates, so for an existing instance the caller must hold a transaction and save after this.
    /// <paramref name="firingTimerId"/> is left alone: its caller marks it fired.
    /// </summary>
    public static async Task ApplyAsync(DbContext db, WorkflowInstance instance, RunResult result, DateTimeOffset now,
        HistoryKind triggerKind, string? triggerDetail, Guid? firingTimerId, CancellationToken ct)
    {
        var isNew = db.Entry(instance).State == EntityState.Added;
        Journal(db, instance, now, result.Handled ? triggerKind : Ignored(triggerKind), null, null, triggerDetail);
        if (!result.Handled)
        {
            return;
        }

        var pendingTimers = db.Set<WorkflowTimer>().Where(t => t.InstanceId == instance.Id && t.Status == TimerStatus.Pending
            && (firingTimerId == null || t.Id != firingTimerId));
        if (!isNew && (result.CancelAllTimers || result.Ended))
        {
            await pendingTimers.ExecuteUpdateAsync(s => s.SetProperty(t => t.Status, TimerStatus.Cancelled), ct);
        }
        else if (!isNew)
        {
            var names = result.TimersToCancel.Concat(result.TimersToStart.Select(t => t.Name)).Distinct().ToList();
            if (names.Count > 0)
            {
                await pendingTimers.Where(t => names.Contains(t.Name))
                    .ExecuteUpdateAsync(s => s.SetProperty(t => t.Status, TimerStatus.Cancelled), ct);
            }
        }

        foreach (var (from, to) in result.Transitions)
        {
            Journal(db, instance, now, HistoryKind.Transition, from.Length == 0 ? null : from, to, null);
        }
        if (!result.Ended)
        {
            foreach (var (name, dueAt) in result.TimersToStart)
            {
                db.Add(NewTimer(instance, name, result.Step, dueAt, now));
            }
        }
        foreach (var command in result.Commands)
        {
            db.Add(NextCommand(instance, command, now));
        }

        TakeStep(instance, result);
        if (result.Ended)
        {
            Journal(db, instance, now, result.Error is null ? HistoryKind.Completed : HistoryKind.Faulted, result.Step, null,
                result.Error ?? result.Outcome);
        }
        Touch(instance, now);
    }

    /// <summary>A timer the run started, pending from <paramref name="now"/>.</summary>
    public static WorkflowTimer NewTimer(WorkflowInstance instance, string name, string step, DateTimeOffset dueAt, DateTimeOffset now) => new()
    {
        Id = Guid.CreateVersion7(),
        InstanceId = instance.Id,
        Name = name,
        Step = step,
        DueAt = dueAt,
        Status = TimerStatus.Pending,
        CreatedAt = now,
    };

    /// <summary>A command the run issued, with the instance's next sequence number (its idempotency key).</summary>
    public static WorkflowCommand NextCommand(WorkflowInstance instance, object command, DateTimeOffset now)
    {
        instance.CommandSeq++;
        return new WorkflowCommand
        {
            Id = Guid.CreateVersion7(),
            InstanceId = instance.Id,
            Seq = instance.CommandSeq,
            Type = Definitions.SignalName.Of(command.GetType()),
            PayloadJson = WorkflowJson.Serialize(command),
            IdempotencyKey = $"{instance.Id}:{instance.CommandSeq}",
            Status = CommandStatus.Pending,
            NextAttemptAt = now,
            CreatedAt = now,
        };
    }

    /// <summary>The run's step and state on the instance, and its end (completed, or faulted with the error) if it ended.</summary>
    public static void TakeStep(WorkflowInstance instance, RunResult result)
    {
        instance.CurrentStep = result.Step;
        instance.StateJson = WorkflowJson.Serialize(result.State);
        if (result.Ended)
        {
            instance.Status = result.Error is null ? WorkflowStatus.Completed : WorkflowStatus.Faulted;
            instance.Outcome = result.Outcome;
            instance.LastError = result.Error;
        }
    }

    public static void Journal(DbContext db, WorkflowInstance instance, DateTimeOffset at, HistoryKind kind, string? from, string? to, string? detail)
    {
        instance.HistorySeq++;
        db.Add(new WorkflowHistoryEntry
        {
            InstanceId = instance.Id,
            Seq = instance.HistorySeq,
            At = at,
            Kind = kind,
            FromStep = from,
            ToStep = to,
            DetailJson = detail,
            CreatedAt = at,
        });
    }

    /// <summary>
    /// Takes the instance's row for the caller's transaction, as read (same version), before anything is written for
    /// it; throws <see cref="DbUpdateConcurrencyException"/> if it moved on since. On PostgreSQL a second writer then waits
    /// here and finds the new version, instead of colliding on the history's or timers' keys (a plain error, not a
    /// conflict) before its version check. On SQLite transactions already take turns, and this costs one statement.
    /// </summary>
    public static async Task LockAsync(DbContext db, WorkflowInstance instance, CancellationToken ct)
    {
        if (db.Database.CurrentTransaction is null)
        {
            throw new InvalidOperationException("An instance is locked inside the transaction that writes it.");
        }
        var version = instance.Version;
        var locked = await db.Set<WorkflowInstance>().Where(i => i.Id == instance.Id && i.Version == version)
            .ExecuteUpdateAsync(s => s.SetProperty(i => i.Version, i => i.Version), ct);
        if (locked == 0)
        {
            throw new DbUpdateConcurrencyException($"Workflow instance {instance.Id} changed since it was read.");
        }
    }

    /// <summary>Every write to an instance moves its concurrency token on.</summary>
    public static void Touch(WorkflowInstance instance, DateTimeOffset now)
    {
        instance.Version++;
        instance.UpdatedAt = now;
    }

    private static HistoryKind Ignored(HistoryKind kind) => kind switch
    {
        HistoryKind.Signal => HistoryKind.SignalIgnored,
        HistoryKind.TimerFired => HistoryKind.TimerIgnored,
        _ => kind,
    };
}
