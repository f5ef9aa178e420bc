namespace Tally.Query.Merge;

/// <summary>crash_free_users = 1 − crashed users / active users, per bucket.</summary>
public static class CrashFree
{
    public static MergedValue Of(MergedValue crashed, MergedValue active)
    {
        var layers = crashed.Layers | active.Layers;
        bool approximate = crashed.Approximate || active.Approximate;
        if (active.Value is not > 0)
        {
            return new MergedValue(null, layers, approximate, null);
        }
        double crashedShare = Math.Min(1, (crashed.Value ?? 0) / active.Value.Value);
        // Both counts carry the sketches' relative error; for a ratio they add in quadrature (√2 ε of the share).
        double? error = approximate ? crashedShare * CellFold.HllRelativeError * Math.Sqrt(2) : null;
        return new MergedValue(1 - crashedShare, layers, approximate, error);
    }

    public static IReadOnlyList<MergedSeries> Combine(IReadOnlyList<MergedSeries> crashed, IReadOnlyList<MergedSeries> active)
    {
        var crashedByValue = crashed.ToDictionary(s => s.DimensionValue, StringComparer.Ordinal);
        return [.. active.Select(series => new MergedSeries(series.DimensionValue, [.. series.Points.Select((point, i) =>
            new MergedPoint(point.Bucket, Of(
                crashedByValue.TryGetValue(series.DimensionValue, out var c) ? c.Points[i].Value : point.Value with { Value = 0 },
                point.Value)))]))];
    }
}
