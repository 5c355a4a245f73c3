using System.Diagnostics.CodeAnalysis;
using System.Globalization;

namespace Odr.Domain.Disputes;

/// <summary>
/// The number people quote: <c>ODR-2026-000123</c>. Sequences restart each year and have no gaps; the
/// persistence layer hands them out inside the transaction that files the case.
/// </summary>
public readonly record struct CaseNumber
{
    public const int MaxSequence = 999_999;

    public CaseNumber(int year, int sequence)
    {
        if (year is < 2000 or > 9999)
        {
            throw new ArgumentOutOfRangeException(nameof(year), year, "A case year has four digits.");
        }
        if (sequence is < 1 or > MaxSequence)
        {
            throw new ArgumentOutOfRangeException(nameof(sequence), sequence, "A case sequence runs from 1 to 999999.");
        }
        Year = year;
        Sequence = sequence;
    }

    public int Year { get; }

    public int Sequence { get; }

    public override string ToString() =>
        string.Create(CultureInfo.InvariantCulture, $"ODR-{Year:D4}-{Sequence:D6}");

    public static bool TryParse([NotNullWhen(true)] string? text, out CaseNumber number)
    {
        number = default;
        if (text is not { Length: 15 } || !text.StartsWith("ODR-", StringComparison.OrdinalIgnoreCase) || text[8] != '-'
            || !int.TryParse(text.AsSpan(4, 4), NumberStyles.None, CultureInfo.InvariantCulture, out var year)
            || !int.TryParse(text.AsSpan(9, 6), NumberStyles.None, CultureInfo.InvariantCulture, out var sequence)
            || year < 2000 || sequence < 1)
        {
            return false;
        }
        number = new CaseNumber(year, sequence);
        return true;
    }
}
