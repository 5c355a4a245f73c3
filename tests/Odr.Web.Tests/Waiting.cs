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

    /// <summary>As the others, with <paramref name="describe"/> saying, when the patience runs out, what was still missing.</summary>
    public static async Task UntilAsync(Func<Task<bool>> condition, TimeSpan patience, Func<string> describe)
    {
        var watch = Stopwatch.StartNew();
        while (!await condition())
        {
            Assert.True(watch.Elapsed < patience, $"Timed out after {patience} waiting for {describe()}");
            await Task.Delay(20);
        }
    }
}
