using Odr.Web.Infrastructure.Persistence;

namespace Odr.Web.Tests;

public class MicrosecondClockTests
{
    /// <summary>The service's clock gives whole microseconds (what PostgreSQL keeps), and the system's time otherwise.</summary>
    [Fact]
    public void Instants_AreWholeMicroseconds_OfTheSystemTime()
    {
        var clock = new MicrosecondClock();
        for (var i = 0; i < 1000; i++)
        {
            var before = TimeProvider.System.GetUtcNow().AddTicks(-TimeSpan.TicksPerMicrosecond);
            var now = clock.GetUtcNow();
            var after = TimeProvider.System.GetUtcNow();
            Assert.Equal(0, now.Ticks % TimeSpan.TicksPerMicrosecond);
            Assert.InRange(now, before, after);
            Assert.Equal(TimeSpan.Zero, now.Offset);
        }
    }
}
