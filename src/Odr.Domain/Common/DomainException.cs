using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text;

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
    public DomainException(DomainErrorCode code, string message, string? field = null) : base(message)
    {
        Code = code;
        Field = field;
    }

    /// <summary>
    /// A message written as an interpolated string: besides the English text, the exception keeps the template
    /// (<c>"At most {0} offers."</c>) and its arguments, so that a page can show the refusal in its reader's language.
    /// </summary>
    public DomainException(DomainErrorCode code, DomainMessage message, string? field = null) : base(message.Text)
    {
        Code = code;
        Field = field;
        Template = message.Template;
        Arguments = message.Arguments;
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

    /// <summary>The message's template with numbered holes, when it was written with arguments.</summary>
    public string? Template { get; }

    public IReadOnlyList<object?> Arguments { get; } = [];
}

/// <summary>Collects an interpolated message as English text and as a template with its arguments.</summary>
[InterpolatedStringHandler]
public ref struct DomainMessage
{
    private readonly StringBuilder _text;
    private readonly StringBuilder _template;
    private readonly List<object?> _arguments;

    public DomainMessage(int literalLength, int formattedCount)
    {
        _text = new StringBuilder(literalLength + formattedCount * 8);
        _template = new StringBuilder(literalLength + formattedCount * 3);
        _arguments = new List<object?>(formattedCount);
    }

    public readonly string Text => _text.ToString();

    public readonly string Template => _template.ToString();

    public readonly IReadOnlyList<object?> Arguments => _arguments;

    public readonly void AppendLiteral(string literal)
    {
        _text.Append(literal);
        _template.Append(literal.Replace("{", "{{", StringComparison.Ordinal).Replace("}", "}}", StringComparison.Ordinal));
    }

    public readonly void AppendFormatted<T>(T value)
    {
        _text.Append(Convert.ToString(value, CultureInfo.InvariantCulture));
        _template.Append('{').Append(_arguments.Count.ToString(CultureInfo.InvariantCulture)).Append('}');
        _arguments.Add(value);
    }
}
