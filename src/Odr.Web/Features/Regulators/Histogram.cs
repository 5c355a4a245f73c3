namespace Odr.Web.Features.Regulators;

/// <summary>
/// Durations in hundredths of a day, counted per value: the nearest-rank percentile of the counts is the percentile of
/// the durations rounded to a hundredth, as the statistics report them, without keeping or sorting every duration.
/// </summary>
internal sealed class Histogram
{
    private readonly Dictionary<long, int> _counts = [];

    public int Count { get; private set; }

    public void Add(long hundredths, int cases)
    {
        _counts[hundredths] = _counts.GetValueOrDefault(hundredths) + cases;
        Count += cases;
    }

    public double? Percentile(double p)
    {
        if (Count == 0)
        {
            return null;
        }
        var rank = Math.Clamp((int)Math.Ceiling(p * Count), 1, Count);
        var seen = 0;
        foreach (var (value, count) in _counts.OrderBy(c => c.Key))
        {
            seen += count;
            if (seen >= rank)
            {
                return value / 100.0;
            }
        }
        throw new InvalidOperationException("Unreachable: the counts add up to Count.");
    }
}
