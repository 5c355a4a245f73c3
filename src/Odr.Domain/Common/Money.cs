using System.Globalization;

namespace Odr.Domain.Common;

/// <summary>
/// An amount in one currency. Decimal only (never a float), never more decimals than the currency has,
/// never negative, and no arithmetic across currencies.
/// </summary>
public readonly record struct Money
{
    /// <summary>The largest amount the service accepts: far above any e-commerce order, well inside decimal(18,4).</summary>
    public const decimal MaxValue = 1_000_000_000m;

    private Money(decimal value, Currency currency)
    {
        Value = value;
        Currency = currency;
    }

    public decimal Value { get; }

    public Currency Currency { get; }

    /// <summary>Checks an amount without throwing; <paramref name="error"/> says what is wrong for a person to read.</summary>
    public static bool TryCreate(decimal value, Currency currency, out Money money, out Refusal? error)
    {
        money = default;
        error = null;
        if (currency == default)
        {
            error = Invalid("currencyRequired", "A currency is required.");
            return false;
        }
        if (value < 0)
        {
            error = Invalid("amountNegative", "An amount cannot be negative.");
            return false;
        }
        if (value > MaxValue)
        {
            error = Invalid("amountTooLarge", $"An amount cannot exceed {MaxValue.ToString("N0", CultureInfo.InvariantCulture)}.", MaxValue);
            return false;
        }
        if (decimal.Round(value, currency.MinorUnits) != value)
        {
            error = currency.MinorUnits == 0
                ? Invalid("amountNoDecimals", $"{currency.Code} amounts have no decimals.", currency.Code)
                : Invalid("amountTooManyDecimals", $"{currency.Code} amounts have at most {currency.MinorUnits} decimals.", currency.Code, currency.MinorUnits);
            return false;
        }
        money = new Money(decimal.Round(value, currency.MinorUnits), currency);
        return true;
    }

    public static Money Of(decimal value, Currency currency) => TryCreate(value, currency, out var money, out var error)
        ? money
        : throw error!.ToException();

    private static Refusal Invalid(string code, string message, params object[] args) =>
        new(DomainErrorCode.InvalidValue, code, message) { Args = args };

    public static Money Of(decimal value, string currencyCode) => Of(value, Currency.Parse(currencyCode));

    public bool IsZero => Value == 0;

    public bool IsGreaterThan(Money other) => Value > SameCurrency(other).Value;

    /// <summary>The midpoint of two amounts, rounded half-up (away from zero) to the currency's minor unit.</summary>
    public Money MidpointWith(Money other) =>
        new(decimal.Round((Value + SameCurrency(other).Value) / 2, Currency.MinorUnits, MidpointRounding.AwayFromZero), Currency);

    private Money SameCurrency(Money other) => other.Currency == Currency
        ? other
        : throw new DomainException(DomainErrorCode.InvalidValue, $"Cannot compare {Currency.Code} with {other.Currency.Code}.", null, "currencyMismatch") { Args = [Currency.Code, other.Currency.Code] };

    public override string ToString() =>
        $"{Value.ToString("F" + Currency.MinorUnits.ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture)} {Currency.Code}";
}
