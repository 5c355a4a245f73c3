namespace Odr.Workflows.Tests;

/// <summary>Waits for a condition itself (polled), never a fixed time; the patience only ends a broken run.</summary>
internal static class Waiting
{
    public static async Task UntilAsync(Func<Task<bool>> condition, TimeSpan patience)
    {
        var deadline = DateTime.UtcNow + patience;
        while (!await condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"The condition was not met in {patience}.");
            }
            await Task.Delay(50);
        }
    }
}
