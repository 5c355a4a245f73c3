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
