using Tally.Core.Events;

namespace Tally.Core.Tests.Events;

public class EventTimeRuleTests
{
    private static readonly DateTimeOffset Received = new(2026, 11, 26, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Corrects_device_clock_skew_with_sent_at()
    {
        // The device clock is 3 h fast: it stamped the event 10 min before sending.
        var sentAt = Received.AddHours(3);
        var timestamp = sentAt.AddMinutes(-10);

        var (time, clamped) = EventTimeRule.Resolve(timestamp, sentAt, Received);

        Assert.Equal(Received.AddMinutes(-10), time);
        Assert.False(clamped);
    }

    [Fact]
    public void Uses_timestamp_without_sent_at()
    {
        var timestamp = Received.AddDays(-2);
        Assert.Equal((timestamp, false), EventTimeRule.Resolve(timestamp, null, Received));
    }

    [Fact]
    public void Falls_back_to_received_at()
    {
        Assert.Equal((Received, false), EventTimeRule.Resolve(null, null, Received));
        Assert.Equal((Received, false), EventTimeRule.Resolve(null, Received.AddHours(5), Received));
    }

    [Fact]
    public void Clamps_times_more_than_a_day_ahead_and_flags_them()
    {
        var (time, clamped) = EventTimeRule.Resolve(Received.AddHours(25), null, Received);
        Assert.Equal(Received, time);
        Assert.True(clamped);

        // Exactly at the limit is still trusted.
        Assert.Equal((Received.AddHours(24), false), EventTimeRule.Resolve(Received.AddHours(24), null, Received));
    }

    [Fact]
    public void Absurd_clocks_do_not_overflow()
    {
        var (time, clamped) = EventTimeRule.Resolve(DateTimeOffset.MinValue, DateTimeOffset.MaxValue, Received);
        Assert.Equal(Received, time);
        Assert.True(clamped);
    }

    [Fact]
    public void Result_is_utc()
    {
        var local = new DateTimeOffset(2026, 11, 26, 14, 0, 0, TimeSpan.FromHours(2));
        var (time, _) = EventTimeRule.Resolve(local, null, Received);
        Assert.Equal(TimeSpan.Zero, time.Offset);
        Assert.Equal(Received, time);
    }
}
