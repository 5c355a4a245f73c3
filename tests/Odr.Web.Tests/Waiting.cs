using System.Diagnostics;

namespace Odr.Web.Tests;

/// <summary>Waits for what another process, node or connection does in its own time, failing after a patience.</summary>
public static class Waiting
{
    public static Task UntilAsync(Func<bool> condition, TimeSpan patience, string what) =>
        UntilAsync(() => Task.FromResult(condition()), patience, what);

    public static Task UntilAsync(Func<bool> condition, TimeSpan patience, Func<string> describe) =>
        UntilAsync(() => Task.FromResult(condition()), patience, describe);

    public static Task UntilAsync(Func<Task<bool>> condition, TimeSpan patience, string what) => UntilAsync(condition, patience, () => what);

    /// <summary>
    /// The least patience any wait gets. A patience only ends a run that is broken; on CI's busy 2 cores a process start
    /// or a catch-up can take minutes, and a test must not fail for that (a passing run never waits this long).
    /// </summary>
    public static readonly TimeSpan LeastPatience = TimeSpan.FromMinutes(3);

    /// <summary>As the others, with <paramref name="describe"/> saying, when the patience runs out, what was still missing.</summary>
    public static async Task UntilAsync(Func<Task<bool>> condition, TimeSpan patience, Func<string> describe)
    {
        patience = patience < LeastPatience ? LeastPatience : patience;
        var watch = Stopwatch.StartNew();
        while (!await condition())
        {
            Assert.True(watch.Elapsed < patience, $"Timed out after {patience} waiting for {describe()}");
            await Task.Delay(20);
        }
    }
}
