namespace Odr.Domain.Common;

/// <summary>What kind of rule a rejected command broke; the web layer maps each to one HTTP status.</summary>
public enum DomainErrorCode
{
    /// <summary>A value is not acceptable whatever the case's state (400).</summary>
    InvalidValue,
    /// <summary>The case's current stage does not allow the action (409).</summary>
    StageDoesNotAllow,
    /// <summary>The actor has no part in the case, or not the part this action needs (403).</summary>
    NotPermitted,
    /// <summary>The action conflicts with something already done, e.g. a second acceptance (409).</summary>
    Conflict,
}

/// <summary>The one exception type for broken domain rules.</summary>
public sealed class DomainException : Exception
{
    public DomainException(DomainErrorCode code, string message, string? field = null, string? refusalCode = null) : base(message)
    {
        Code = code;
        Field = field;
        RefusalCode = refusalCode;
    }

    public DomainException() : this(DomainErrorCode.InvalidValue, "A domain rule was broken.") { }

    public DomainException(string message) : this(DomainErrorCode.InvalidValue, message) { }

    public DomainException(string message, Exception innerException) : base(message, innerException)
    {
        Code = DomainErrorCode.InvalidValue;
    }

    public DomainErrorCode Code { get; }

    /// <summary>The request field the rule is about, where there is one (camelCase path such as <c>amount.value</c>).</summary>
    public string? Field { get; }

    /// <summary>The stable code of the <see cref="Refusal"/> this exception carries (the key of its text).</summary>
    public string? RefusalCode { get; }

    /// <summary>The values of the refusal's sentence (see <see cref="Refusal.Args"/>).</summary>
    public IReadOnlyList<object> Args { get; init; } = [];
}
