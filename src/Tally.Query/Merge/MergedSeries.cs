namespace Tally.Query.Merge;

/// <summary>One breakdown value's points, one per bucket of the grid.</summary>
public sealed record MergedSeries(string DimensionValue, IReadOnlyList<MergedPoint> Points)
{
    /// <summary>The sum of the points' values: how breakdown values rank against each other.</summary>
    public double Total => Points.Sum(p => p.Value.Value ?? 0);
}

public readonly record struct MergedPoint(DateTimeOffset Bucket, MergedValue Value);
