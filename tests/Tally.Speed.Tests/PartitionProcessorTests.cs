using Tally.Core.Events;
using Tally.Core.Metrics;
using Tally.Core.Sketches;
using Tally.Core.Views;
using Tally.Speed.Aggregation;
using Tally.Speed.Processing;

namespace Tally.Speed.Tests;

public sealed class PartitionProcessorTests
{
    private static readonly SpeedOptions Options = new();

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void Hour_cells_equal_the_exact_values(int seed)
    {
        var traffic = GeneratedTraffic.Create(seed);
        var cells = ProcessAll(traffic);
        var exact = ExactViews.Totals(traffic.Unique);

        var totals = cells.Where(c => c.Key.Dimension == Dimension.TotalName && c.Key.Size == BucketSize.Hour
                && c.Key.AppId != "app-flush")
            .ToDictionary(c => (c.Key.AppId, c.Key.Metric, c.Key.Key, c.Key.BucketStart), c => c);
        Assert.Equal(exact.Keys.Order(), totals.Keys.Order());
        foreach (var (key, expected) in exact)
        {
            var cell = totals[key];
            if (key.Metric == Metrics.SessionLengthMedian.Name)
            {
                // The sketch answers within its relative accuracy of the exact lower median.
                Assert.InRange(cell.Value, expected * (1 - DurationSketch.RelativeAccuracy) - 0.001, expected * (1 + DurationSketch.RelativeAccuracy) + 0.001);
                Assert.Equal(exact[(key.App, Metrics.Sessions.Name, key.Key, key.Hour)], DurationSketch.FromBytes(cell.Sketch.Span).Count);
            }
            else
            {
                // Counts are exact; distinct counts of these small sets are exact too (explicit HLL).
                Assert.True(expected == cell.Value, $"{key}: expected {expected}, got {cell.Value}");
            }
        }
    }

    [Fact]
    public void Breakdowns_and_properties_add_up_to_the_total()
    {
        var traffic = GeneratedTraffic.Create(seed: 7);
        var cells = ProcessAll(traffic).Where(c => c.Key.AppId != "app-flush").ToList();

        var byPlan = cells.Where(c => c.Key.Metric == Metrics.Events.Name && c.Key.Dimension == "property:plan")
            .GroupBy(c => (c.Key.AppId, c.Key.Key, c.Key.DimensionValue))
            .ToDictionary(g => g.Key, g => (int)g.Sum(c => c.Value));
        Assert.Equal(ExactViews.EventsByPlan(traffic.Unique), byPlan);
        // Objects have no breakdown value and take no property slot.
        Assert.DoesNotContain(cells, c => c.Key.Dimension == "property:nested");
        foreach (var metric in new[] { Metrics.Events, Metrics.Sessions, Metrics.NewUsers })
        {
            double total = cells.Where(c => c.Key.Metric == metric.Name && c.Key.Dimension == Dimension.TotalName).Sum(c => c.Value);
            double byOs = cells.Where(c => c.Key.Metric == metric.Name && c.Key.Dimension == Dimension.Os.Name).Sum(c => c.Value);
            Assert.Equal(total, byOs);
        }
    }

    [Fact]
    public void Minute_cells_count_active_users_per_minute()
    {
        var traffic = GeneratedTraffic.Create(seed: 4);
        var minutes = ProcessAll(traffic).Where(c => c.Key.Size == BucketSize.Minute && c.Key.AppId != "app-flush").ToList();

        var expected = traffic.Unique.GroupBy(e => (e.AppId, ViewKey.BucketOf(e.EventTime, BucketSize.Minute)))
            .ToDictionary(g => g.Key, g => (double)g.Select(e => e.User).Distinct().Count());
        Assert.All(minutes, c => Assert.Equal(Metrics.ActiveUsers.Name, c.Key.Metric));
        Assert.Equal(expected, minutes.ToDictionary(c => (c.Key.AppId, c.Key.BucketStart), c => c.Value));
    }

    [Fact]
    public void A_frequent_value_after_many_rare_ones_gets_its_own_cell_and_the_rare_ones_count_as_other()
    {
        var options = new SpeedOptions { MaxValuesPerProperty = 2, MaxPropertiesPerEvent = 1 };
        var processor = new PartitionProcessor(0, options, 0);
        var deltas = new ViewDeltas();
        var t0 = new DateTimeOffset(2026, 11, 26, 8, 0, 0, TimeSpan.Zero);
        var plans = Enumerable.Range(0, 100).Select(i => $"rare{i}").Concat(Enumerable.Repeat("gold", 50)).ToList();
        for (int i = 0; i < plans.Count; i++)
        {
            var e = Track("user", t0.AddSeconds(i), $"m{i}") with { Properties = System.Text.Encoding.UTF8.GetBytes($$"""{"plan":"{{plans[i]}}"}""") };
            processor.ProcessEvents([e], i + 1, deltas);
        }

        var byValue = deltas.ToCells()
            .Where(c => c.Key.Metric == Metrics.Events.Name && c.Key.Dimension == "property:plan")
            .ToDictionary(c => c.Key.DimensionValue, c => c.Value);
        Assert.InRange(byValue["gold"], 40, 50);
        Assert.InRange(byValue[PropertyBreakdowns.Other], 90, 110);
        Assert.Equal(plans.Count, byValue.Values.Sum());
        Assert.True(byValue.Count < 20, $"{byValue.Count} cells");
    }

    [Fact]
    public void A_snapshot_of_format_version_1_is_refused_with_a_clear_message()
    {
        var state = new PartitionProcessor(0, Options, 0).Snapshot().State.ToArray();
        state[4] = 1;
        var error = Assert.Throws<FormatException>(() => PartitionProcessor.Restore(0, Options, new(0, state)));
        Assert.Contains("version 1", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Open_sessions_beyond_the_cap_are_closed_oldest_first()
    {
        var options = new SpeedOptions { MaxOpenSessionsPerPartition = 5 };
        var traffic = GeneratedTraffic.Create(seed: 6);
        var processor = new PartitionProcessor(0, options, 0);
        var deltas = new ViewDeltas();
        for (int i = 0; i < traffic.Records.Count; i++)
        {
            processor.ProcessEvents(traffic.Records[i], i + 1, deltas);
            Assert.InRange(processor.OpenSessionCount, 0, 5);
        }

        Assert.True(processor.Counters.SessionsEvicted > 0);
        // Every session is still counted once; evicted ones are measured early.
        double sessions = deltas.ToCells().Where(c => c.Key.Metric == Metrics.Sessions.Name && c.Key.Dimension == Dimension.TotalName).Sum(c => c.Value);
        Assert.Equal(processor.Counters.SessionsStarted, (long)sessions);
    }

    [Fact]
    public void A_lagging_users_session_survives_the_partition_running_ahead()
    {
        var processor = new PartitionProcessor(0, Options, 0);
        var deltas = new ViewDeltas();
        var t0 = new DateTimeOffset(2026, 11, 26, 8, 0, 0, TimeSpan.Zero);

        // A user on time moves the watermark 50 minutes (more than a session gap) between the two
        // uploads of a user whose clock is 90 minutes behind; the lagging user's events are 10 minutes
        // apart in their own time, so they are one session.
        processor.ProcessEvents([Track("on-time", t0.AddMinutes(90), "a1")], 1, deltas);
        processor.ProcessEvents([Track("lagging", t0, "b1")], 2, deltas);
        processor.ProcessEvents([Track("on-time", t0.AddMinutes(140), "a2")], 3, deltas);
        processor.ProcessEvents([Track("lagging", t0.AddMinutes(10), "b2")], 4, deltas);

        var sessions = deltas.ToCells().Where(c => c.Key.Metric == Metrics.Sessions.Name && c.Key.Dimension == Dimension.TotalName);
        // One session each; the on-time user's two events are 50 minutes apart: two sessions.
        Assert.Equal(3, sessions.Sum(c => c.Value));
        Assert.Equal(1, sessions.Where(c => c.Key.BucketStart == t0).Sum(c => c.Value));
    }

    [Fact]
    public void A_user_back_after_the_seen_window_is_new_again_even_within_one_record()
    {
        var options = new SpeedOptions { SeenUserWindow = TimeSpan.FromDays(14) };
        var processor = new PartitionProcessor(0, options, 0);
        var deltas = new ViewDeltas();
        var t0 = new DateTimeOffset(2026, 11, 2, 8, 0, 0, TimeSpan.Zero);
        // One string instance throughout, as a decoded record shares it: only the filter's slices may decide.
        string user = "returning";

        processor.ProcessEvents(
            [Track(user, t0, "m1"), Track(user, t0.AddMinutes(1), "m2"), Track(user, t0.AddDays(30), "m3"), Track(user, t0.AddDays(30.1), "m4")],
            1, deltas);

        var newUsers = deltas.ToCells().Where(c => c.Key.Metric == Metrics.NewUsers.Name && c.Key.Dimension == Dimension.TotalName);
        Assert.Equal(2, processor.Counters.NewUsers);
        Assert.Equal(2, newUsers.Sum(c => c.Value));
    }

    private static TallyEvent Track(string user, DateTimeOffset time, string messageId) => new()
    {
        Type = EventType.Track,
        AppId = "app",
        MessageId = messageId,
        AnonymousId = user,
        Event = "Tap",
        EventTime = time,
        ReceivedAt = time.AddHours(2),
    };

    [Fact]
    public void Snapshot_restores_the_identical_state()
    {
        var traffic = GeneratedTraffic.Create(seed: 8);
        var processor = new PartitionProcessor(3, Options, 0);
        int half = traffic.Records.Count / 2;
        for (int i = 0; i < half; i++)
        {
            processor.ProcessEvents(traffic.Records[i], i + 1, null);
        }
        var snapshot = processor.Snapshot();
        var restored = PartitionProcessor.Restore(3, Options, snapshot);

        Assert.Equal(half, snapshot.Offset);
        Assert.Equal(processor.OpenSessionCount, restored.OpenSessionCount);
        Assert.True(processor.OpenSessionCount > 0);
        Assert.Equal(snapshot.State.ToArray(), restored.Snapshot().State.ToArray());
    }

    [Fact]
    public void A_corrupt_snapshot_is_refused()
    {
        var state = new PartitionProcessor(0, Options, 0).Snapshot().State.ToArray();
        Assert.Throws<FormatException>(() => PartitionProcessor.Restore(0, Options, new(0, state[..^3])));
        state[4] = 99;
        Assert.Throws<FormatException>(() => PartitionProcessor.Restore(0, Options, new(0, state)));
    }

    internal static List<ViewCell> ProcessAll(GeneratedTraffic traffic)
    {
        var processor = new PartitionProcessor(0, Options, 0);
        var deltas = new ViewDeltas();
        for (int i = 0; i < traffic.Records.Count; i++)
        {
            processor.ProcessEvents(traffic.Records[i], i + 1, deltas);
        }
        processor.ProcessEvents(GeneratedTraffic.Flush("u"), traffic.Records.Count + 1, deltas);
        // Only the flush event's own session is still open.
        Assert.Equal(1, processor.OpenSessionCount);
        return [.. deltas.ToCells()];
    }
}
