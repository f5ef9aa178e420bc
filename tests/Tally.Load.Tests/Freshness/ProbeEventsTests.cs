using System.Text.Json;
using Tally.Load.Freshness;

namespace Tally.Load.Tests.Freshness;

public sealed class ProbeEventsTests
{
    [Fact]
    public void Each_probe_is_one_track_event_with_its_own_name_and_message_id()
    {
        var probes = new ProbeEvents("run1");
        var now = new DateTimeOffset(2026, 11, 26, 5, 0, 0, TimeSpan.Zero);

        using var first = JsonDocument.Parse(probes.Body(1, now));
        using var second = JsonDocument.Parse(probes.Body(2, now));

        var a = first.RootElement.GetProperty("batch").EnumerateArray().Single();
        var b = second.RootElement.GetProperty("batch").EnumerateArray().Single();
        Assert.Equal("track", a.GetProperty("type").GetString());
        Assert.Equal(probes.NameOf(1), a.GetProperty("event").GetString());
        Assert.NotEqual(a.GetProperty("event").GetString(), b.GetProperty("event").GetString());
        Assert.NotEqual(a.GetProperty("messageId").GetString(), b.GetProperty("messageId").GetString());
        Assert.Equal(now, a.GetProperty("timestamp").GetDateTimeOffset());
    }

    [Fact]
    public void Probes_of_other_runs_are_not_taken_for_this_runs()
    {
        var probes = new ProbeEvents("run1");

        Assert.True(probes.IsOfThisRun(probes.NameOf(7)));
        Assert.False(probes.IsOfThisRun(new ProbeEvents("run10").NameOf(7)));
        Assert.False(probes.IsOfThisRun("Level Completed"));
    }
}
