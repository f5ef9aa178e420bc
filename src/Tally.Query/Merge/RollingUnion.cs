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
        var unions = new SlidingUnion(ordered);
        int first = 0;
        int end = 0;
        for (int i = 0; i < points.Length; i++)
        {
            // The window ends with the bucket's last day: midnight after it, or the hour's day for hourly buckets.
            var windowEnd = QueryInterval.Day.Next(QueryInterval.Day.BucketStart(grid.EndOf(i).AddTicks(-1)));
            var windowStart = windowEnd.AddDays(-days);
            while (first < ordered.Length && ordered[first].Cell.Key.BucketStart < windowStart)
            {
                first++;
            }
            end = Math.Max(end, first);
            while (end < ordered.Length && ordered[end].Cell.Key.BucketStart < windowEnd)
            {
                end++;
            }
            var fold = new CellFold(AggregationKind.Distinct);
            if (end - first == 1)
            {
                fold.Add(ordered[first]);
            }
            else if (end - first > 1)
            {
                var layers = Layers.None;
                for (int c = first; c < end; c++)
                {
                    layers |= ordered[c].Layer;
                }
                fold.AddUnion(unions.Of(first, end), layers, end - first);
            }
            points[i] = new MergedPoint(grid.Starts[i], fold.Result(plan.LayersOf(windowStart, windowEnd)));
        }
        return points;
    }

    /// <summary>
    /// Unions of cells [first, end) for windows whose both ends only move forward, with about three
    /// merges per window however long it is (a two-stacks queue): the cells behind a split point are
    /// kept as suffix unions, the ones after it as one running union. Each sketch is decoded once.
    /// Sketches past their exact hashes are held with dense registers: a union is then a vectorised
    /// register maximum (or one register per hash of an exact sketch), where sparse ones would be merged
    /// as sorted arrays, re-sorting an exact sketch's hashes each time.
    /// </summary>
    private sealed class SlidingUnion(LayeredCell[] cells)
    {
        private readonly HyperLogLog?[] _decoded = new HyperLogLog?[cells.Length];
        private readonly HyperLogLog?[] _suffix = new HyperLogLog?[cells.Length];
        private int _split;
        private int _end;
        private HyperLogLog? _running;

        /// <summary>The union of cells [first, end); not to be changed by the caller.</summary>
        public HyperLogLog Of(int first, int end)
        {
            for (; _end < end; _end++)
            {
                if (_running is null)
                {
                    _running = Decoded(_end).Clone();
                }
                else
                {
                    MergeDense(_running, Decoded(_end));
                }
            }
            if (first >= _split)
            {
                // Every cell before the split has left the window: the running part becomes suffix unions.
                for (int c = _end - 1; c >= first; c--)
                {
                    _suffix[c] = c == _end - 1 ? Decoded(c) : UnionOf(_suffix[c + 1]!, Decoded(c));
                }
                _split = _end;
                _running = null;
            }
            return _running is null ? _suffix[first]! : UnionOf(_suffix[first]!, _running);
        }

        private HyperLogLog Decoded(int cell)
        {
            if (_decoded[cell] is null)
            {
                var sketch = CellFold.SketchOf(cells[cell].Cell);
                sketch.UseDenseRegisters();
                _decoded[cell] = sketch;
            }
            return _decoded[cell]!;
        }

        private static HyperLogLog UnionOf(HyperLogLog larger, HyperLogLog other)
        {
            var union = larger.Clone();
            MergeDense(union, other);
            return union;
        }

        /// <summary>Merges, then densifies again: exact sketches whose union passes the hash limit are promoted to sparse registers.</summary>
        private static void MergeDense(HyperLogLog union, HyperLogLog other)
        {
            union.Merge(other);
            union.UseDenseRegisters();
        }
    }
}
