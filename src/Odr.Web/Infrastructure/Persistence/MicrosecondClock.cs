namespace Odr.Web.Infrastructure.Persistence;

/// <summary>
/// The system clock cut to whole microseconds, the finest instant PostgreSQL keeps. An instant read back from the
/// database then equals the one written, which the case history relies on: each event's hashed text carries its time,
/// and the audit compares it with the stored column.
/// </summary>
public sealed class MicrosecondClock : TimeProvider
{
    public override DateTimeOffset GetUtcNow()
    {
        var now = System.GetUtcNow();
        return now.AddTicks(-(now.Ticks % TimeSpan.TicksPerMicrosecond));
    }

    public override long GetTimestamp() => System.GetTimestamp();

    public override long TimestampFrequency => System.TimestampFrequency;

    public override TimeZoneInfo LocalTimeZone => System.LocalTimeZone;

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period) =>
        System.CreateTimer(callback, state, dueTime, period);
}
