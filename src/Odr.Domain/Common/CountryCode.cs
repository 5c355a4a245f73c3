using System.Diagnostics.CodeAnalysis;

namespace Odr.Domain.Common;

/// <summary>An ISO 3166-1 alpha-2 country code, always upper case and always one that is assigned.</summary>
public readonly partial record struct CountryCode
{
    private CountryCode(string value) => Value = value;

    public string Value { get; }

    /// <summary>The English short name from ISO 3166-1.</summary>
    public string EnglishName => Names[Value];

    public static IEnumerable<CountryCode> All => Names.Keys.Select(code => new CountryCode(code));

    public static bool TryParse([NotNullWhen(true)] string? text, out CountryCode code)
    {
        code = default;
        if (text is null || text.Length != 2)
        {
            return false;
        }
        var upper = text.ToUpperInvariant();
        if (!Names.ContainsKey(upper))
        {
            return false;
        }
        code = new CountryCode(upper);
        return true;
    }

    public static CountryCode Parse(string text) => TryParse(text, out var code)
        ? code
        : throw new DomainException(DomainErrorCode.InvalidValue, $"'{text}' is not an ISO 3166-1 alpha-2 country code.", null, "notACountryCode") { Args = [text ?? ""] };

    public override string ToString() => Value;
}
