using Tally.Load.Freshness;

namespace Tally.Load.Tests.Freshness;

public sealed class RatePacerTests
{
    [Fact]
    public void Spreads_requests_evenly_at_the_target_rate()
    {
        var pacer = new RatePacer(eventsPerSecond: 1_000);

        // Three workers asking at once: the second waits one batch's time, the third two.
        Assert.Equal(TimeSpan.Zero, pacer.Reserve(100, TimeSpan.Zero));
        Assert.Equal(TimeSpan.FromMilliseconds(100), pacer.Reserve(100, TimeSpan.Zero));
        Assert.Equal(TimeSpan.FromMilliseconds(200), pacer.Reserve(100, TimeSpan.Zero));
    }

    [Fact]
    public void Idle_time_earns_no_burst()
    {
        var pacer = new RatePacer(eventsPerSecond: 1_000);
        pacer.Reserve(100, TimeSpan.Zero);

        // Long after the last slot: the next request goes at once, the one after waits its full slot again.
        Assert.Equal(TimeSpan.Zero, pacer.Reserve(100, TimeSpan.FromSeconds(10)));
        Assert.Equal(TimeSpan.FromMilliseconds(100), pacer.Reserve(100, TimeSpan.FromSeconds(10)));
    }
}
