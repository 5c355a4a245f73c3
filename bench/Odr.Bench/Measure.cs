using System.Diagnostics;

namespace Odr.Bench;

/// <summary>Nearest-rank percentiles over a set of samples.</summary>
public static class Percentiles
{
    public static double Of(IReadOnlyCollection<double> samples, double p)
    {
        if (samples.Count == 0)
        {
            return double.NaN;
        }
        var sorted = samples.Order().ToArray();
        var rank = (int)Math.Ceiling(p * sorted.Length);
        return sorted[Math.Clamp(rank - 1, 0, sorted.Length - 1)];
    }
}

/// <summary>One figure measured in several runs: the median is reported, with the lowest and highest as the spread.</summary>
public sealed record Figure(string Unit, IReadOnlyList<double> Runs)
{
    public double Median => Percentiles.Of(Runs.ToArray(), 0.5);

    public double Min => Runs.Min();

    public double Max => Runs.Max();

    public static Figure Of(string unit, IEnumerable<double> runs) => new(unit, runs.ToList());

    public override string ToString() => Runs.Count == 1
        ? $"{Format(Median)} {Unit}"
        : $"{Format(Median)} {Unit} (runs {Format(Min)}–{Format(Max)})";

    public static string Format(double value) => value switch
    {
        double.NaN => "n/a",
        >= 100 => value.ToString("N0", System.Globalization.CultureInfo.InvariantCulture),
        >= 10 => value.ToString("N1", System.Globalization.CultureInfo.InvariantCulture),
        _ => value.ToString("0.##", System.Globalization.CultureInfo.InvariantCulture),
    };
}

/// <summary>What a load run saw: completed operations, failures, the rate and the latencies (ms).</summary>
public sealed record LoadResult(int Completed, int Failed, double Seconds, IReadOnlyList<double> LatenciesMs, string? FirstError)
{
    public double PerSecond => Completed / Seconds;

    public double P50 => Percentiles.Of(LatenciesMs.ToArray(), 0.50);

    public double P99 => Percentiles.Of(LatenciesMs.ToArray(), 0.99);
}

public static class Load
{
    /// <summary>
    /// Open-loop load: operations start on a fixed schedule (<paramref name="perSecond"/>) whatever the server does, and
    /// each latency runs from the scheduled start, so a stall shows in the figures instead of slowing the client
    /// (no coordinated omission).
    /// </summary>
    public static async Task<LoadResult> OpenLoopAsync(double perSecond, TimeSpan duration, Func<int, Task<bool>> operation)
    {
        var total = (int)(perSecond * duration.TotalSeconds);
        var latencies = new double[total];
        var failed = 0;
        string? firstError = null;
        var clock = Stopwatch.StartNew();
        var running = new List<Task>(total);
        for (var i = 0; i < total; i++)
        {
            var scheduled = TimeSpan.FromSeconds(i / perSecond);
            var wait = scheduled - clock.Elapsed;
            if (wait > TimeSpan.FromMilliseconds(1))
            {
                await Task.Delay(wait);
            }
            var index = i;
            running.Add(Task.Run(async () =>
            {
                bool ok;
                try
                {
                    ok = await operation(index);
                }
                catch (Exception e)
                {
                    Interlocked.CompareExchange(ref firstError, e.Message, null);
                    ok = false;
                }
                latencies[index] = (clock.Elapsed - scheduled).TotalMilliseconds;
                if (!ok)
                {
                    Interlocked.Increment(ref failed);
                    latencies[index] = double.NaN;
                }
            }));
        }
        await Task.WhenAll(running);
        var seconds = clock.Elapsed.TotalSeconds;
        var ok = latencies.Where(l => !double.IsNaN(l)).ToList();
        return new LoadResult(ok.Count, failed, seconds, ok, firstError);
    }

    /// <summary>Closed-loop load: <paramref name="workers"/> each run the operation back to back for the duration (saturation).</summary>
    public static async Task<LoadResult> ClosedLoopAsync(int workers, TimeSpan duration, Func<int, Task<bool>> operation)
    {
        var latencies = new List<double>[workers];
        var failed = 0;
        var next = -1;
        string? firstError = null;
        var clock = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, workers).Select(w => Task.Run(async () =>
        {
            var mine = latencies[w] = [];
            while (clock.Elapsed < duration)
            {
                var started = clock.Elapsed;
                bool ok;
                try
                {
                    ok = await operation(Interlocked.Increment(ref next));
                }
                catch (Exception e)
                {
                    Interlocked.CompareExchange(ref firstError, e.Message, null);
                    ok = false;
                }
                if (ok)
                {
                    mine.Add((clock.Elapsed - started).TotalMilliseconds);
                }
                else
                {
                    Interlocked.Increment(ref failed);
                }
            }
        })));
        var all = latencies.SelectMany(l => l).ToList();
        return new LoadResult(all.Count, failed, clock.Elapsed.TotalSeconds, all, firstError);
    }
}
