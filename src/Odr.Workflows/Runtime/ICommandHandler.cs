namespace Odr.Workflows.Runtime;

/// <summary>Where a command came from, and the key that makes its effects happen once however often it runs.</summary>
public sealed record CommandContext(Guid InstanceId, string IdempotencyKey, int Attempt);

/// <summary>
/// Carries out a command a workflow emitted. Runs at least once; may run again after a crash or failure, so it
/// must be idempotent (check the aggregate's state, or deduplicate by <see cref="CommandContext.IdempotencyKey"/>).
/// It runs in a scope whose DbContext already marks the command done: saving commits both together.
/// </summary>
public interface ICommandHandler<in TCommand> where TCommand : class
{
    Task HandleAsync(TCommand command, CommandContext context, CancellationToken ct);
}

/// <summary>
/// Told, in the transaction that dead-letters a command, that the command will not be tried again until an admin
/// retries it: the application records what that means (a notice that reached no one) durably with the dead letter.
/// </summary>
public interface ICommandDeadLetterHandler<in TCommand> where TCommand : class
{
    Task OnDeadLetteredAsync(TCommand command, CommandContext context, string error, CancellationToken ct);
}

/// <summary>
/// A failure that retrying cannot mend (a mail server refusing a recipient for good): the command is dead-lettered at
/// once instead of being retried with backoff.
/// </summary>
public sealed class PermanentCommandFailureException(string message, Exception? inner = null) : Exception(message, inner);
