using Tally.Core.Metrics;
using Tally.Core.Sketches;

namespace Tally.Core.Views;

/// <summary>
/// How two cells of the same key combine, by the metric's aggregation kind: how the speed
/// layer's deltas fold into the stored views.
/// </summary>
public static class ViewCellMerge
{
    /// <exception cref="ArgumentException">The cells have different keys, or the metric is unknown.</exception>
    public static ViewCell Merge(ViewCell existing, ViewCell delta)
    {
        ArgumentNullException.ThrowIfNull(existing);
        ArgumentNullException.ThrowIfNull(delta);
        if (existing.Key != delta.Key)
        {
            throw new ArgumentException($"Cannot merge cells of different keys ({existing.Key} and {delta.Key}).", nameof(delta));
        }
        return KindOf(existing.Key.Metric) switch
        {
            AggregationKind.Count or AggregationKind.Sum => existing with { Value = existing.Value + delta.Value },
            AggregationKind.Min => existing with { Value = Math.Min(existing.Value, delta.Value) },
            AggregationKind.Max => existing with { Value = Math.Max(existing.Value, delta.Value) },
            AggregationKind.Distinct => MergeDistinct(existing, delta),
            AggregationKind.DurationMedian => MergeDurations(existing, delta),
            var kind => throw new ArgumentOutOfRangeException(nameof(existing), kind, "Unknown aggregation kind."),
        };
    }

    /// <summary>The aggregation kind of stored metric <paramref name="metric"/>.</summary>
    /// <exception cref="ArgumentException">No stored metric has that name.</exception>
    public static AggregationKind KindOf(string metric) =>
        Metrics.Metrics.FindStored(metric)?.Kind
            ?? throw new ArgumentException($"'{metric}' is not a stored metric.", nameof(metric));

    private static ViewCell MergeDistinct(ViewCell existing, ViewCell delta)
    {
        var union = HyperLogLog.FromBytes(existing.Sketch.Span);
        union.Merge(HyperLogLog.FromBytes(delta.Sketch.Span));
        return existing with { Value = union.Estimate(), Sketch = union.ToBytes() };
    }

    private static ViewCell MergeDurations(ViewCell existing, ViewCell delta)
    {
        var union = DurationSketch.FromBytes(existing.Sketch.Span);
        union.Merge(DurationSketch.FromBytes(delta.Sketch.Span));
        return existing with { Value = union.Median?.TotalSeconds ?? 0, Sketch = union.ToBytes() };
    }
}
