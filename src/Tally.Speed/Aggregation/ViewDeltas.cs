using System.Runtime.InteropServices;
using Tally.Core.Metrics;
using Tally.Core.Views;

namespace Tally.Speed.Aggregation;

/// <summary>
/// The view deltas accumulated since the last commit, one accumulator per cell. Handed to the
/// view store as <see cref="ViewCell"/>s, which it merges into the stored cells.
/// <para>
/// Accumulators sit in one array, found by a dictionary from cell key to index. A pending cell that
/// fans out to a metric's total and breakdown cells (<see cref="FoldFanOut"/>) looks up its group —
/// (app, metric, key, bucket, breakdown tuple) — once and finds the indices of its cells there, where
/// it took one lookup in the large cell dictionary per cell (most of a fold's cost was the cache
/// misses of those lookups).
/// </para>
/// </summary>
public sealed class ViewDeltas
{
    // Accumulators of a 100,000-event commit interval number tens of thousands: start big enough for small ones.
    private const int InitialCells = 1024;

    private readonly Dictionary<CellId, int> _indexOf = [];
    private readonly Dictionary<FanOutId, int> _fanOutStart = [];
    private CellAccumulator[] _cells = new CellAccumulator[InitialCells];
    private int[] _fanOutCells = new int[InitialCells];
    private int _fanOutCellsUsed;

    /// <summary>Cells touched since the last <see cref="Clear"/>.</summary>
    public int Count => _indexOf.Count;

    /// <summary>The numbering of the cell keys' strings; valid until <see cref="Clear"/>.</summary>
    internal CellStrings Strings { get; } = new();

    /// <summary>The numbering of the breakdown tuples, by <see cref="Strings"/>; valid until <see cref="Clear"/>.</summary>
    internal BreakdownTuples Tuples { get; } = new();

    internal void Fold(in CellFact fact, in ViewKey key)
    {
        var id = new CellId(Strings.IdOf(key.AppId), Strings.IdOf(key.Metric), Strings.IdOf(key.Key),
            Strings.IdOf(key.Dimension), Strings.IdOf(key.DimensionValue), key.Size, key.BucketStart.UtcTicks);
        // The index first: adding a cell can replace the array.
        int index = IndexOf(id, fact.Metric);
        _cells[index].Fold(fact);
    }

    internal void Fold(PendingCell pending, in CellId id)
    {
        int index = IndexOf(id, pending.Metric);
        _cells[index].Fold(pending);
    }

    /// <summary>Folds <paramref name="pending"/> into the total cell of its group and each breakdown cell of its tuple.</summary>
    internal void FoldFanOut(PendingCell pending, in FanOutId group)
    {
        ref int start = ref CollectionsMarshal.GetValueRefOrAddDefault(_fanOutStart, group, out bool exists);
        if (!exists)
        {
            start = AddFanOut(group, pending.Metric);
        }
        int end = start + 1 + Tuples.NameIdsAt(group.Tuple).Length;
        for (int i = start; i < end; i++)
        {
            _cells[_fanOutCells[i]].Fold(pending);
        }
    }

    public IReadOnlyList<ViewCell> ToCells() => [.. _indexOf.Select(pair => _cells[pair.Value].ToCell(KeyOf(pair.Key)))];

    public void Clear()
    {
        // Drops the sketches for the collector; the arrays keep their size for the next interval.
        Array.Clear(_cells, 0, _indexOf.Count);
        _indexOf.Clear();
        _fanOutStart.Clear();
        _fanOutCellsUsed = 0;
        Strings.Clear();
        Tuples.Clear();
    }

    // The group's cells in the order FactEvaluator folds them: the total, then each breakdown.
    private int AddFanOut(in FanOutId group, MetricDefinition metric)
    {
        int[] names = Tuples.NameIdsAt(group.Tuple);
        int[] values = Tuples.ValueIdsAt(group.Tuple);
        int needed = _fanOutCellsUsed + 1 + names.Length;
        if (needed > _fanOutCells.Length)
        {
            Array.Resize(ref _fanOutCells, Math.Max(needed, 2 * _fanOutCells.Length));
        }
        int start = _fanOutCellsUsed;
        _fanOutCells[_fanOutCellsUsed++] = IndexOf(group.CellOf(CellStrings.TotalName, CellStrings.TotalValue), metric);
        for (int d = 0; d < names.Length; d++)
        {
            _fanOutCells[_fanOutCellsUsed++] = IndexOf(group.CellOf(names[d], values[d]), metric);
        }
        return start;
    }

    private int IndexOf(in CellId id, MetricDefinition metric)
    {
        // One hash of the key whether the cell exists or not.
        ref int index = ref CollectionsMarshal.GetValueRefOrAddDefault(_indexOf, id, out bool exists);
        if (!exists)
        {
            index = _indexOf.Count - 1;
            if (index == _cells.Length)
            {
                Array.Resize(ref _cells, 2 * _cells.Length);
            }
            _cells[index] = new CellAccumulator(metric);
        }
        return index;
    }

    private ViewKey KeyOf(in CellId id) => new(Strings[id.AppId], Strings[id.Metric], Strings[id.Key],
        Strings[id.Dimension], Strings[id.DimensionValue], id.Size, new DateTimeOffset(id.BucketTicks, TimeSpan.Zero));
}
