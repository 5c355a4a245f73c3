using System.Globalization;
using System.Text;
using Microsoft.AspNetCore.Mvc.ModelBinding;
using Odr.Domain.Common;

namespace Odr.Web.Infrastructure.Forms;

/// <summary>
/// Amounts as people type them, whatever the page's language: <c>120,00</c> and <c>120.00</c> are both 120, and
/// <c>1.234,56</c>, <c>1,234.56</c>, <c>1 234,56</c> and <c>1'234.56</c> are all 1234.56. A lone separator followed by
/// anything but three digits can only be the decimal one; with exactly three (<c>1,234</c>) the viewer's culture decides.
/// What the rule cannot read is refused rather than guessed, and the currency's minor unit is checked by <see cref="Money"/>
/// afterwards (<c>1.234</c> in euros is refused, never read as 1234). ASP.NET Core's own decimal binder reads with the
/// culture's group separator, which turned a German <c>120,00</c> into 12000 on an English page.
/// </summary>
public static class AmountText
{
    public const string Unreadable = "Enter the amount in figures, such as 59.90 or 59,90.";

    public static bool TryParse(string? text, CultureInfo culture, out decimal value)
    {
        value = 0;
        var digits = Normalize(text);
        if (digits.Length == 0 || !char.IsAsciiDigit(digits[0]) || !char.IsAsciiDigit(digits[^1])
            || digits.Any(c => !char.IsAsciiDigit(c) && c is not '.' and not ','))
        {
            return false;
        }
        var marks = digits.Where(c => c is '.' or ',').Distinct().ToList();
        char? decimalMark = null;
        if (marks.Count == 2)
        {
            decimalMark = digits[digits.LastIndexOfAny(['.', ','])];
        }
        else if (marks.Count == 1)
        {
            var mark = marks[0];
            var after = digits.Length - digits.LastIndexOf(mark) - 1;
            if (digits.Count(c => c == mark) == 1 && (after != 3 || culture.NumberFormat.NumberDecimalSeparator == mark.ToString()))
            {
                decimalMark = mark;
            }
        }
        var integerPart = digits;
        var fraction = "";
        if (decimalMark is { } d)
        {
            var at = digits.LastIndexOf(d);
            (integerPart, fraction) = (digits[..at], digits[(at + 1)..]);
            if (integerPart.Contains(d))
            {
                return false;
            }
        }
        var group = integerPart.FirstOrDefault(c => !char.IsAsciiDigit(c));
        if (group != default && !GroupsOfThree(integerPart, group))
        {
            return false;
        }
        var plain = integerPart.Replace(".", "", StringComparison.Ordinal).Replace(",", "", StringComparison.Ordinal)
            + (fraction.Length > 0 ? "." + fraction : "");
        return decimal.TryParse(plain, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out value);
    }

    /// <summary>An amount to put back into a form field, in the viewer's culture and with the currency's decimals.</summary>
    public static string ForInput(decimal? value, Currency? currency, CultureInfo culture) => value is not { } v
        ? ""
        : v.ToString(currency is { } c && c != default ? "F" + c.MinorUnits.ToString(CultureInfo.InvariantCulture) : "0.##########", culture);

    /// <summary>An amount with its currency for a person to read (<c>1,234.50 EUR</c>).</summary>
    public static string Show(Money money, CultureInfo culture) =>
        $"{money.Value.ToString("N" + money.Currency.MinorUnits.ToString(CultureInfo.InvariantCulture), culture)} {money.Currency.Code}";

    /// <summary>Digits as typed on any keyboard: full-width forms (Chinese input methods), and spaces or apostrophes between groups.</summary>
    private static string Normalize(string? text)
    {
        var builder = new StringBuilder();
        foreach (var c in (text ?? "").Trim())
        {
            var ascii = c switch
            {
                >= '０' and <= '９' => (char)('0' + (c - '０')),
                '．' or '。' => '.',
                '，' => ',',
                _ => c,
            };
            if (ascii is ' ' or '\u00A0' or '\u202F' or '\u2009' or '\'' or '’')
            {
                continue;
            }
            builder.Append(ascii);
        }
        return builder.ToString();
    }

    /// <summary>Whether the integer part is digits, or groups of three after a first group of one to three.</summary>
    private static bool GroupsOfThree(string integerPart, char groupMark)
    {
        if (integerPart.All(char.IsAsciiDigit))
        {
            return integerPart.Length > 0;
        }
        var groups = integerPart.Split(groupMark);
        return groups[0].Length is >= 1 and <= 3 && groups.Skip(1).All(g => g.Length == 3)
            && groups.All(g => g.All(char.IsAsciiDigit));
    }
}

/// <summary>Every decimal a page's form binds is an amount: it is read by <see cref="AmountText"/>, never by the culture's parser.</summary>
public sealed class AmountModelBinderProvider : IModelBinderProvider
{
    public IModelBinder? GetBinder(ModelBinderProviderContext context) =>
        context.Metadata.UnderlyingOrModelType == typeof(decimal) ? new AmountModelBinder() : null;

    private sealed class AmountModelBinder : IModelBinder
    {
        public Task BindModelAsync(ModelBindingContext context)
        {
            var result = context.ValueProvider.GetValue(context.ModelName);
            if (result == ValueProviderResult.None)
            {
                return Task.CompletedTask;
            }
            context.ModelState.SetModelValue(context.ModelName, result);
            var text = result.FirstValue;
            if (string.IsNullOrWhiteSpace(text))
            {
                context.Result = context.ModelMetadata.IsReferenceOrNullableType ? ModelBindingResult.Success(null) : ModelBindingResult.Failed();
                return Task.CompletedTask;
            }
            if (AmountText.TryParse(text, CultureInfo.CurrentCulture, out var value))
            {
                context.Result = ModelBindingResult.Success(value);
                return Task.CompletedTask;
            }
            context.ModelState.TryAddModelError(context.ModelName, AmountText.Unreadable);
            context.Result = ModelBindingResult.Failed();
            return Task.CompletedTask;
        }
    }
}
