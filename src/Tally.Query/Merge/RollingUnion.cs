using Tally.Core.Metrics;
using Tally.Core.Sketches;

namespace Tally.Query.Merge;

/// <summary>
/// Rolling distinct users (WAU, MAU): for each bucket, the union of the daily sketches of the
/// <c>days</c> days ending with the bucket's last day. A window reaching over the watermark unions
/// batch day sketches with speed hour sketches.
/// </summary>
public static class RollingUnion
{
    /// <summary>How far before the grid's start cells must be read for the first window.</summary>
    public static DateTimeOffset ReadStart(BucketGrid grid, int days) => grid.Start.AddDays(1 - days);

    /// <param name="cells">Distinct-user cells from <see cref="ReadStart"/> to the grid's end.</param>
    public static IReadOnlyList<MergedSeries> Build(IEnumerable<LayeredCell> cells, BucketGrid grid, LayerPlan plan, int days)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(days, 1);
        var byValue = cells
            .GroupBy(c => c.Cell.Key.DimensionValue, StringComparer.Ordinal)
            .OrderBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => new MergedSeries(g.Key, Windows([.. g.OrderBy(c => c.Cell.Key.BucketStart)], grid, plan, days)))
            .ToList();
        if (byValue.Count == 0)
        {
            byValue.Add(new MergedSeries(Dimension.TotalValue, Windows([], grid, plan, days)));
        }
        return byValue;
    }

    private static MergedPoint[] Windows(LayeredCell[] ordered, BucketGrid grid, LayerPlan plan, int days)
    {
        var points = new MergedPoint[grid.Count];
        // Each day's sketch falls in up to `days` windows: decoded once, not once per window.
        var sketches = new HyperLogLog?[ordered.Length];
        int first = 0;
        for (int i = 0; i < points.Length; i++)
        {
            // The window ends with the bucket's last day: midnight after it, or the hour's day for hourly buckets.
            var end = QueryInterval.Day.Next(QueryInterval.Day.BucketStart(grid.EndOf(i).AddTicks(-1)));
            var start = end.AddDays(-days);
            while (first < ordered.Length && ordered[first].Cell.Key.BucketStart < start)
            {
                first++;
            }
            var fold = new CellFold(AggregationKind.Distinct);
            for (int c = first; c < ordered.Length && ordered[c].Cell.Key.BucketStart < end; c++)
            {
                fold.Add(ordered[c], sketches[c] ??= CellFold.SketchOf(ordered[c].Cell));
            }
            points[i] = new MergedPoint(grid.Starts[i], fold.Result(plan.LayersOf(start, end)));
        }
        return points;
    }
}
