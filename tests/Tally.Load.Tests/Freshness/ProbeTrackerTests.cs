using Tally.Load.Freshness;

namespace Tally.Load.Tests.Freshness;

public sealed class ProbeTrackerTests
{
    private static TimeSpan Ms(double milliseconds) => TimeSpan.FromMilliseconds(milliseconds);

    [Fact]
    public void Freshness_runs_from_the_acknowledgement_to_the_first_poll_that_saw_the_probe()
    {
        var tracker = new ProbeTracker();
        tracker.Sent("a", Ms(0));
        tracker.Acknowledged("a", Ms(5));
        tracker.Sent("b", Ms(10));
        tracker.Acknowledged("b", Ms(12));

        tracker.Seen(["a"], Ms(305));
        tracker.Seen(["a", "b", "not-a-probe"], Ms(1_012));

        var summary = tracker.Summarize();
        Assert.Equal([300.0, 1_000.0], summary.FreshnessMilliseconds);
        Assert.Equal([2.0, 5.0], summary.AcknowledgeMilliseconds);
        Assert.Equal((2, 2, 2, 0), (summary.Sent, summary.Acknowledged, summary.Seen, summary.NeverSeen));
        Assert.Equal(0, tracker.UnseenCount);
    }

    [Fact]
    public void A_probe_seen_before_its_acknowledgement_arrived_counts_as_fresh_at_once()
    {
        var tracker = new ProbeTracker();
        tracker.Sent("a", Ms(0));
        tracker.Seen(["a"], Ms(40));
        tracker.Acknowledged("a", Ms(50));

        var summary = tracker.Summarize();
        Assert.Equal([0.0], summary.FreshnessMilliseconds);
        Assert.Equal(1, summary.SeenBeforeAcknowledged);
    }

    [Fact]
    public void Refused_probes_are_not_waited_for_and_unseen_ones_are_reported()
    {
        var tracker = new ProbeTracker();
        tracker.Sent("refused", Ms(0));
        tracker.Refused("refused");
        tracker.Sent("lost", Ms(1));
        tracker.Acknowledged("lost", Ms(2));

        Assert.Equal(1, tracker.UnseenCount);
        var summary = tracker.Summarize();
        Assert.Equal((2, 1, 1, 0, 1), (summary.Sent, summary.Acknowledged, summary.Refused, summary.Seen, summary.NeverSeen));
        Assert.Empty(summary.FreshnessMilliseconds);
    }
}
