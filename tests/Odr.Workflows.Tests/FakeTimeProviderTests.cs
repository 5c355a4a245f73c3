using Odr.Workflows.Testing;

namespace Odr.Workflows.Tests;

public class FakeTimeProviderTests
{
    private static readonly DateTimeOffset Start = new(2026, 11, 2, 9, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Advance_MovesTheClockOnlyWhenTold()
    {
        var clock = new FakeTimeProvider(Start);
        Assert.Equal(Start, clock.GetUtcNow());
        clock.Advance(TimeSpan.FromDays(7));
        Assert.Equal(Start.AddDays(7), clock.GetUtcNow());
    }

    [Fact]
    public void Advance_FiresDueTimersInOrderAtTheirDueTime()
    {
        var clock = new FakeTimeProvider(Start);
        var fired = new List<(string Name, DateTimeOffset At)>();
        using var late = clock.CreateTimer(_ => fired.Add(("late", clock.GetUtcNow())), null, TimeSpan.FromHours(2), Timeout.InfiniteTimeSpan);
        using var early = clock.CreateTimer(_ => fired.Add(("early", clock.GetUtcNow())), null, TimeSpan.FromHours(1), Timeout.InfiniteTimeSpan);

        clock.Advance(TimeSpan.FromMinutes(59));
        Assert.Empty(fired);
        clock.Advance(TimeSpan.FromHours(3));

        Assert.Equal([("early", Start.AddHours(1)), ("late", Start.AddHours(2))], fired);
        Assert.Equal(Start.AddMinutes(59).AddHours(3), clock.GetUtcNow());
    }

    [Fact]
    public void PeriodicTimer_TicksOncePerPeriodPassed()
    {
        var clock = new FakeTimeProvider(Start);
        var ticks = 0;
        using var timer = clock.CreateTimer(_ => ticks++, null, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(1));

        clock.Advance(TimeSpan.FromSeconds(5.5));

        Assert.Equal(5, ticks);
    }

    [Fact]
    public void DisposedOrStoppedTimers_DoNotFire()
    {
        var clock = new FakeTimeProvider(Start);
        var fired = 0;
        var disposed = clock.CreateTimer(_ => fired++, null, TimeSpan.FromSeconds(1), Timeout.InfiniteTimeSpan);
        using var stopped = clock.CreateTimer(_ => fired++, null, TimeSpan.FromSeconds(1), Timeout.InfiniteTimeSpan);
        disposed.Dispose();
        stopped.Change(Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);

        clock.Advance(TimeSpan.FromMinutes(1));

        Assert.Equal(0, fired);
    }

    [Fact]
    public async Task TaskDelay_CompletesWhenTheClockPassesIt()
    {
        var clock = new FakeTimeProvider(Start);
        var delay = Task.Delay(TimeSpan.FromMinutes(10), clock);
        Assert.False(delay.IsCompleted);
        clock.Advance(TimeSpan.FromMinutes(10));
        await delay.WaitAsync(TimeSpan.FromSeconds(5));
    }

    [Fact]
    public void SetUtcNow_RefusesToGoBack() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => new FakeTimeProvider(Start).SetUtcNow(Start.AddSeconds(-1)));
}
