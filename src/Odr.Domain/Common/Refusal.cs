namespace Odr.Domain.Common;

/// <summary>
/// Why an action or a value is refused. <see cref="Code"/> is stable: clients key on it, and the web layer renders the
/// reader's sentence from its resource <c>refusal.{Code}</c> with <see cref="Args"/> in the holes. <see cref="Kind"/>
/// gives the HTTP status; <see cref="Message"/> is the English sentence for logs and for code that has no resources.
/// A capability question returns one (or none: the action is open); the command throws it.
/// </summary>
public sealed record Refusal(DomainErrorCode Kind, string Code, string Message, string? Field = null)
{
    /// <summary>
    /// The values of the sentence, in the order of its holes: data (numbers, <see cref="Money"/>, codes) shown as they
    /// are, enums (stage, role, action) and <see cref="Term"/>s put into the reader's words.
    /// </summary>
    public IReadOnlyList<object> Args { get; init; } = [];

    public DomainException ToException() => new(Kind, Message, Field, Code) { Args = Args };
}

/// <summary>
/// A word or phrase inside a refusal or a reason that the reader's language supplies: its resource key, which is its English
/// or a code key such as <c>regime.EU-RomeI</c>.
/// </summary>
public readonly record struct Term(string English)
{
    public override string ToString() => English;
}
