using System.Diagnostics.CodeAnalysis;

namespace Odr.Domain.Common;

/// <summary>An ISO 4217 currency with the number of decimals its amounts may have.</summary>
public readonly partial record struct Currency
{
    private Currency(string code) => Code = code;

    public string Code { get; }

    public int MinorUnits => MinorUnitsByCode[Code];

    public static IEnumerable<Currency> All => MinorUnitsByCode.Keys.Select(code => new Currency(code));

    public static bool TryParse([NotNullWhen(true)] string? text, out Currency currency)
    {
        currency = default;
        if (text is null || text.Length != 3)
        {
            return false;
        }
        var upper = text.ToUpperInvariant();
        if (!MinorUnitsByCode.ContainsKey(upper))
        {
            return false;
        }
        currency = new Currency(upper);
        return true;
    }

    public static Currency Parse(string text) => TryParse(text, out var currency)
        ? currency
        : throw new DomainException(DomainErrorCode.InvalidValue, $"'{text}' is not an ISO 4217 currency code.", null, "notACurrencyCode") { Args = [text ?? ""] };

    public override string ToString() => Code;
}
