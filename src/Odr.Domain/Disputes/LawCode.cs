using System.Diagnostics.CodeAnalysis;
using Odr.Domain.Common;

namespace Odr.Domain.Disputes;

/// <summary>
/// A system of law: a country (<c>CN</c>, <c>DE</c>), a legal unit of a country with several (<c>US-NY</c>,
/// <c>GB-EAW</c>, <c>GB-SCT</c>), or a set of non-state rules such as <c>UNIDROIT-PICC</c>.
/// </summary>
public readonly record struct LawCode
{
    public const int MaxLength = 16;

    private static readonly HashSet<string> NonStateRules = new(StringComparer.Ordinal) { "UNIDROIT-PICC" };

    private LawCode(string value) => Value = value;

    public string Value { get; }

    /// <summary>The country the law belongs to; none for non-state rules.</summary>
    public CountryCode? Country => CountryCode.TryParse(Value[..2], out var country) && !NonStateRules.Contains(Value) ? country : null;

    public static bool TryParse([NotNullWhen(true)] string? text, out LawCode law)
    {
        law = default;
        if (string.IsNullOrWhiteSpace(text) || text.Length > MaxLength)
        {
            return false;
        }
        var upper = text.Trim().ToUpperInvariant();
        if (NonStateRules.Contains(upper))
        {
            law = new LawCode(upper);
            return true;
        }
        if (!CountryCode.TryParse(upper.Length >= 2 ? upper[..2] : upper, out _))
        {
            return false;
        }
        if (upper.Length == 2)
        {
            law = new LawCode(upper);
            return true;
        }
        var unit = upper[2..];
        if (unit.Length is < 2 or > 4 || unit[0] != '-' || !unit[1..].All(char.IsAsciiLetterOrDigit))
        {
            return false;
        }
        law = new LawCode(upper);
        return true;
    }

    public static LawCode Parse(string text) => TryParse(text, out var law)
        ? law
        : throw new DomainException(DomainErrorCode.InvalidValue, $"'{text}' is not a law code such as CN, US-NY or GB-EAW.", null, "notALawCode") { Args = [text ?? ""] };

    public override string ToString() => Value;
}
