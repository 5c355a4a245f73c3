using Odr.Domain.Common;
using Odr.Domain.Disputes;
using Odr.Domain.Parties;

namespace Odr.Domain.Tests;

public class MoneyTests
{
    [Theory]
    [InlineData(59.90, "EUR", true)]
    [InlineData(59.901, "EUR", false)]
    [InlineData(1500, "JPY", true)]
    [InlineData(1500.5, "JPY", false)]
    [InlineData(1.234, "KWD", true)]
    [InlineData(1.2345, "KWD", false)]
    [InlineData(0, "EUR", true)]
    [InlineData(-1, "EUR", false)]
    [InlineData(1000000001, "USD", false)]
    public void TryCreate_WhenDecimalsAndRangeVary_AcceptsOnlyWhatTheCurrencyAllows(decimal value, string currency, bool expected)
    {
        Assert.Equal(expected, Money.TryCreate(value, Currency.Parse(currency), out _, out var error));
        Assert.Equal(expected, error is null);
    }

    [Fact]
    public void TryCreate_WhenCurrencyMissing_Fails() =>
        Assert.False(Money.TryCreate(10m, default, out _, out _));

    [Theory]
    [InlineData(50.00, 40.01, 45.01)]  // 45.005 rounds half away from zero
    [InlineData(10.00, 10.00, 10.00)]
    [InlineData(0.01, 0.02, 0.02)]
    public void MidpointWith_RoundsToTheMinorUnit(decimal a, decimal b, decimal expected) =>
        Assert.Equal(expected, Money.Of(a, "EUR").MidpointWith(Money.Of(b, "EUR")).Value);

    [Fact]
    public void MidpointWith_WhenCurrenciesDiffer_Throws() =>
        Assert.Throws<DomainException>(() => Money.Of(10, "EUR").MidpointWith(Money.Of(10, "USD")));

    [Fact]
    public void IsGreaterThan_WhenCurrenciesDiffer_Throws() =>
        Assert.Throws<DomainException>(() => Money.Of(10, "EUR").IsGreaterThan(Money.Of(1, "CNY")));

    [Fact]
    public void ToString_ShowsTheCurrencysDecimals()
    {
        Assert.Equal("59.90 EUR", Money.Of(59.9m, "EUR").ToString());
        Assert.Equal("1500 JPY", Money.Of(1500m, "JPY").ToString());
    }
}

public class CodeTests
{
    [Theory]
    [InlineData("DE", true)]
    [InlineData("de", true)]
    [InlineData("CN", true)]
    [InlineData("XX", false)]
    [InlineData("DEU", false)]
    [InlineData("", false)]
    [InlineData(null, false)]
    public void CountryCode_TryParse_AcceptsAssignedAlpha2Codes(string? text, bool expected)
    {
        Assert.Equal(expected, CountryCode.TryParse(text, out var code));
        if (expected)
        {
            Assert.Equal(text!.ToUpperInvariant(), code.Value);
        }
    }

    [Fact]
    public void CountryCode_All_HasEveryIso3166Code() => Assert.Equal(249, CountryCode.All.Count());

    [Theory]
    [InlineData("EUR", 2)]
    [InlineData("cny", 2)]
    [InlineData("JPY", 0)]
    [InlineData("BHD", 3)]
    public void Currency_Parse_KnowsMinorUnits(string code, int minorUnits) =>
        Assert.Equal(minorUnits, Currency.Parse(code).MinorUnits);

    [Theory]
    [InlineData("XAU")]
    [InlineData("XXX")]
    [InlineData("ABC")]
    [InlineData("EURO")]
    public void Currency_TryParse_RefusesNonCurrencies(string code) => Assert.False(Currency.TryParse(code, out _));

    [Theory]
    [InlineData("seller@demo.odr", true)]
    [InlineData("  Seller@Demo.ODR ", true)]
    [InlineData("no-at-sign", false)]
    [InlineData("a@b", false)]
    [InlineData("a b@c.de", false)]
    [InlineData("a@@c.de", false)]
    [InlineData("@c.de", false)]
    public void EmailAddress_TryParse_NormalisesAndChecksShape(string text, bool expected)
    {
        Assert.Equal(expected, EmailAddress.TryParse(text, out var email));
        if (expected)
        {
            Assert.Equal(text.Trim().ToLowerInvariant(), email.Value);
        }
    }

    [Theory]
    [InlineData("CN", true)]
    [InlineData("us-ny", true)]
    [InlineData("GB-EAW", true)]
    [InlineData("UNIDROIT-PICC", true)]
    [InlineData("XX", false)]
    [InlineData("US-", false)]
    [InlineData("US-TOOLONG", false)]
    [InlineData("US_NY", false)]
    public void LawCode_TryParse_AcceptsCountriesUnitsAndNonStateRules(string text, bool expected) =>
        Assert.Equal(expected, LawCode.TryParse(text, out _));

    [Fact]
    public void CaseNumber_FormatsAndParsesBack()
    {
        var number = new CaseNumber(2026, 123);
        Assert.Equal("ODR-2026-000123", number.ToString());
        Assert.True(CaseNumber.TryParse("ODR-2026-000123", out var parsed));
        Assert.Equal(number, parsed);
    }

    [Theory]
    [InlineData("ODR-2026-000000")]
    [InlineData("ODR-26-000001")]
    [InlineData("XYZ-2026-000001")]
    [InlineData("ODR-2026-00001")]
    public void CaseNumber_TryParse_RefusesMalformedNumbers(string text) => Assert.False(CaseNumber.TryParse(text, out _));

    [Fact]
    public void CaseNumber_RefusesSequencesOutsideTheRange() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => new CaseNumber(2026, 1_000_000));
}
