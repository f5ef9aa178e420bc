using Tally.Core.Metrics;
using Tally.Core.Views;

namespace Tally.Query.Merge;

/// <summary>
/// Builds a series per breakdown value from cells of both layers: each cell is folded into the
/// grid bucket holding it, whatever its own size (batch day cells into weeks, speed hour cells into
/// days). Which layer a cell belongs to was decided when it was read (<see cref="LayerPlan"/>), so a
/// bucket spanning the watermark folds batch and speed cells together and reports <c>mixed</c>.
/// </summary>
public static class SeriesMerge
{
    public static IReadOnlyList<MergedSeries> Build(
        AggregationKind kind, IEnumerable<LayeredCell> cells, BucketGrid grid, LayerPlan plan)
    {
        var folds = new SortedDictionary<string, CellFold?[]>(StringComparer.Ordinal);
        foreach (var cell in cells)
        {
            int index = grid.IndexOf(cell.Cell.Key.BucketStart);
            if (index < 0)
            {
                continue;
            }
            if (!folds.TryGetValue(cell.Cell.Key.DimensionValue, out var row))
            {
                row = new CellFold?[grid.Count];
                folds.Add(cell.Cell.Key.DimensionValue, row);
            }
            (row[index] ??= new CellFold(kind)).Add(cell);
        }
        return [.. folds.Select(pair => new MergedSeries(pair.Key, Points(kind, pair.Value, grid, plan)))];
    }

    /// <summary>
    /// Whether every bucket of <paramref name="interval"/> folds at most one of <paramref name="part"/>'s cells
    /// per breakdown value: cells as wide as the buckets, of one metric key (a store holds one cell per key,
    /// value and bucket). Such a fold keeps the cell's own value and never looks at its sketch.
    /// </summary>
    public static bool FoldsOneCellPerBucket(QueryInterval interval, ViewQuery part)
    {
        ArgumentNullException.ThrowIfNull(part);
        return part.Key is not null
            && (interval, part.Size) is (QueryInterval.Hour, BucketSize.Hour) or (QueryInterval.Day, BucketSize.Day);
    }

    /// <summary>The one series of an unbroken-down metric: every bucket, zero where no cell exists.</summary>
    public static MergedSeries Total(AggregationKind kind, IEnumerable<LayeredCell> cells, BucketGrid grid, LayerPlan plan) =>
        Build(kind, cells, grid, plan).SingleOrDefault()
            ?? new MergedSeries(Dimension.TotalValue, Points(kind, new CellFold?[grid.Count], grid, plan));

    private static MergedPoint[] Points(AggregationKind kind, CellFold?[] row, BucketGrid grid, LayerPlan plan)
    {
        var points = new MergedPoint[grid.Count];
        for (int i = 0; i < points.Length; i++)
        {
            var covered = plan.LayersOf(grid.Starts[i], grid.EndOf(i));
            points[i] = new MergedPoint(grid.Starts[i], (row[i] ?? new CellFold(kind)).Result(covered));
        }
        return points;
    }
}
