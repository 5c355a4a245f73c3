using Microsoft.EntityFrameworkCore;
using Odr.Workflows.Persistence;

namespace Odr.Workflows.Runtime;

/// <summary>
/// Puts a command in an instance's outbox from application code, on the caller's context, so it commits with the
/// change that asked for it and then runs (with retries and dead letters) like any command a workflow emits.
/// </summary>
public static class WorkflowOutbox
{
    /// <summary>Sequence number of commands the application enqueued, as opposed to those a workflow step emitted.</summary>
    public const int ApplicationSeq = 0;

    /// <summary>
    /// Adds the command unless one with the same <paramref name="idempotencyKey"/> exists (saved or pending). It runs at
    /// once, or from <paramref name="notBefore"/> on: a durable delayed command, which holds up none of the instance's others.
    /// For an instance this context is adding, only the pending commands are looked at: the database holds none of an
    /// unsaved instance's commands, and a key another instance's command already has fails the save on the key's unique
    /// index rather than being skipped. (That saves a round trip in the transaction that starts an instance.)
    /// </summary>
    public static async Task AddCommandAsync(DbContext db, Guid instanceId, object command, string idempotencyKey, DateTimeOffset now,
        CancellationToken ct, DateTimeOffset? notBefore = null)
    {
        IdempotencyKeys.EnsureFits(idempotencyKey, WorkflowCommand.IdempotencyKeyMaxLength); // before a round trip for a key that cannot be stored
        var duplicate = db.ChangeTracker.Entries<WorkflowCommand>().Any(e => e.Entity.IdempotencyKey == idempotencyKey)
            || (!db.ChangeTracker.Entries<WorkflowInstance>().Any(e => e.Entity.Id == instanceId && e.State == EntityState.Added)
                && await db.Set<WorkflowCommand>().AnyAsync(c => c.IdempotencyKey == idempotencyKey, ct));
        if (!duplicate)
        {
            AddNewCommand(db, instanceId, command, idempotencyKey, now, notBefore);
        }
    }

    /// <summary>
    /// As <see cref="AddCommandAsync"/>, for a command whose <paramref name="idempotencyKey"/> names something the same
    /// save creates (a new message's id), so no earlier command can have it: nothing is looked up, a round trip fewer on
    /// a path as frequent as a chat post. Should the key exist after all, the save fails on the key's unique index.
    /// </summary>
    public static void AddNewCommand(DbContext db, Guid instanceId, object command, string idempotencyKey, DateTimeOffset now,
        DateTimeOffset? notBefore = null)
    {
        IdempotencyKeys.EnsureFits(idempotencyKey, WorkflowCommand.IdempotencyKeyMaxLength);
        db.Add(new WorkflowCommand
        {
            Id = Guid.CreateVersion7(),
            InstanceId = instanceId,
            Seq = ApplicationSeq,
            Type = Definitions.SignalName.Of(command.GetType()),
            PayloadJson = WorkflowJson.Serialize(command),
            IdempotencyKey = idempotencyKey,
            Status = CommandStatus.Pending,
            NextAttemptAt = notBefore is { } later && later > now ? later : now,
            CreatedAt = now,
        });
    }

    /// <summary>
    /// Gives a dead-lettered command a fresh set of attempts (after an operator fixed the cause, e.g. a mail server's
    /// settings). The caller saves. False when there is no such dead letter.
    /// </summary>
    public static async Task<bool> RetryDeadLetterAsync(DbContext db, Guid commandId, DateTimeOffset now, CancellationToken ct)
    {
        var command = await db.Set<WorkflowCommand>().SingleOrDefaultAsync(c => c.Id == commandId && c.Status == CommandStatus.DeadLettered, ct);
        if (command is null)
        {
            return false;
        }
        command.Status = CommandStatus.Pending;
        command.Attempts = 0;
        command.NextAttemptAt = now;
        command.LeaseOwner = null;
        command.LeaseUntil = null;
        return true;
    }
}
