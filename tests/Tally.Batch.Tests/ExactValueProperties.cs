using FsCheck;
using FsCheck.Xunit;
using Tally.Core.Metrics;
using Tally.Core.Sketches;
using Tally.Core.Views;

namespace Tally.Batch.Tests;

/// <summary>
/// Batching every day of generated traffic (duplicates, late and out-of-order events, sessions across
/// midnight, with and without SDK session ids) gives the exact values the plain reference computes.
/// </summary>
public sealed class ExactValueProperties
{
    [Property(MaxTest = 12)]
    public async Task Hour_cells_equal_the_exact_values(PositiveInt seed)
    {
        var traffic = BatchTraffic.Create(seed.Get, tidy: false);
        using var rig = await BatchRig.CreateAsync();
        await rig.Archive.ArchiveAsync(traffic.Archived);

        await rig.Runner.RunDueAsync(CancellationToken.None);
        var cells = await rig.ReadAllAsync(BatchTraffic.Apps);

        var exact = ExactViews.Totals(traffic.Unique);
        var totals = cells.Values.Where(c => c.Key.Dimension == Dimension.TotalName && c.Key.Size == BucketSize.Hour)
            .ToDictionary(c => (c.Key.AppId, c.Key.Metric, c.Key.Key, c.Key.BucketStart), c => c);
        Assert.Equal(exact.Keys.Order(), totals.Keys.Order());
        foreach (var (key, expected) in exact)
        {
            Assert.True(expected == totals[key].Value, $"{key}: expected {expected}, got {totals[key].Value}");
        }
        AssertSketchesAgree(cells.Values);
        AssertDaysAddUp(traffic, cells.Values);
    }

    /// <summary>Distinct counts carry a HyperLogLog of the same users; medians a sketch of the same sessions.</summary>
    private static void AssertSketchesAgree(IEnumerable<ViewCell> cells)
    {
        foreach (var cell in cells.Where(c => c.Key.Metric != Retention.MetricName))
        {
            switch (ViewCellMerge.KindOf(cell.Key.Metric))
            {
                case AggregationKind.Distinct:
                    // Small sets are kept explicitly: the sketch's estimate is exact.
                    Assert.Equal(cell.Value, HyperLogLog.FromBytes(cell.Sketch.Span).Estimate());
                    break;
                case AggregationKind.DurationMedian:
                    var median = DurationSketch.FromBytes(cell.Sketch.Span).Median!.Value.TotalSeconds;
                    Assert.InRange(median, cell.Value * (1 - DurationSketch.RelativeAccuracy) - 0.001, cell.Value * (1 + DurationSketch.RelativeAccuracy) + 0.001);
                    break;
                default:
                    Assert.True(cell.Sketch.IsEmpty);
                    break;
            }
        }
    }

    private static void AssertDaysAddUp(BatchTraffic traffic, IEnumerable<ViewCell> cells)
    {
        var days = cells.Where(c => c.Key.Dimension == Dimension.TotalName && c.Key.Size == BucketSize.Day).ToList();
        var activeByDay = traffic.Unique.GroupBy(e => (e.AppId, ViewKey.BucketOf(e.EventTime, BucketSize.Day)))
            .ToDictionary(g => g.Key, g => (double)g.Select(e => e.User).Distinct().Count());
        var active = days.Where(c => c.Key.Metric == Metrics.ActiveUsers.Name).ToDictionary(c => (c.Key.AppId, c.Key.BucketStart), c => c.Value);
        Assert.Equal(activeByDay.OrderBy(p => p.Key), active.OrderBy(p => p.Key));
        double newUsers = days.Where(c => c.Key.Metric == Metrics.NewUsers.Name).Sum(c => c.Value);
        Assert.Equal(traffic.Unique.Select(e => (e.AppId, e.User)).Distinct().Count(), newUsers);
        double events = days.Where(c => c.Key.Metric == Metrics.Events.Name).Sum(c => c.Value);
        Assert.Equal(traffic.Unique.Count, events);
    }
}
