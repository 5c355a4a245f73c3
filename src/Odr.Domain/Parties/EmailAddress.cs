using System.Diagnostics.CodeAnalysis;

namespace Odr.Domain.Parties;

/// <summary>
/// An e-mail address as the service compares it: trimmed and lower-cased. Deliberately modest in what it
/// checks (one @, a dot in the domain, no spaces); deliverability is proved by confirmation, not syntax.
/// </summary>
public readonly record struct EmailAddress
{
    public const int MaxLength = 254;

    private EmailAddress(string value) => Value = value;

    public string Value { get; }

    public string Domain => Value[(Value.IndexOf('@', StringComparison.Ordinal) + 1)..];

    /// <summary>
    /// Whether the address is all ASCII, which every mail server carries. A non-ASCII local part needs SMTPUTF8 from every
    /// server on the way, which the service cannot know when it is given the address; a non-ASCII domain has its ASCII
    /// form (<c>xn--…</c>), which people can give instead.
    /// </summary>
    public bool IsAscii => System.Text.Ascii.IsValid(Value);

    /// <summary>Why an address that is not <see cref="IsAscii"/> is refused where one is given.</summary>
    public const string NotAsciiRefusal =
        "The service can only send mail to an address written in ASCII: for an international domain give its xn-- form; "
        + "an address with other characters before the @ cannot be used.";

    public static bool TryParse([NotNullWhen(true)] string? text, out EmailAddress address)
    {
        address = default;
        if (string.IsNullOrWhiteSpace(text))
        {
            return false;
        }
        var trimmed = text.Trim().ToLowerInvariant();
        var at = trimmed.IndexOf('@', StringComparison.Ordinal);
        if (trimmed.Length > MaxLength || at <= 0 || at != trimmed.LastIndexOf('@') || at == trimmed.Length - 1
            || trimmed.Any(char.IsWhiteSpace) || trimmed.Any(char.IsControl))
        {
            return false;
        }
        var domain = trimmed[(at + 1)..];
        if (!domain.Contains('.', StringComparison.Ordinal) || domain.StartsWith('.') || domain.EndsWith('.'))
        {
            return false;
        }
        address = new EmailAddress(trimmed);
        return true;
    }

    public static EmailAddress Parse(string text) => TryParse(text, out var address)
        ? address
        : throw new Common.DomainException(Common.DomainErrorCode.InvalidValue, $"'{text}' is not an e-mail address.", null, "notAnEmailAddress") { Args = [text ?? ""] };

    public override string ToString() => Value;
}
