namespace Odr.Domain.Common;

/// <summary>
/// Why an action is not open to a viewer now. <see cref="Code"/> is stable (clients and, later, the text layer key on
/// it); <see cref="Kind"/> gives the HTTP status; <see cref="Message"/> is the domain's sentence as it stands today.
/// A capability question returns one (or none: the action is open); the command throws it.
/// </summary>
public sealed record Refusal(DomainErrorCode Kind, string Code, string Message, string? Field = null)
{
    public DomainException ToException() => new(Kind, Message, Field, Code);
}
