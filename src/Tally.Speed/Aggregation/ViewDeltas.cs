using System.Runtime.InteropServices;
using Tally.Core.Metrics;
using Tally.Core.Views;

namespace Tally.Speed.Aggregation;

/// <summary>
/// The view deltas accumulated since the last commit, one accumulator per cell. Handed to the
/// view store as <see cref="ViewCell"/>s, which it merges into the stored cells.
/// </summary>
public sealed class ViewDeltas
{
    private readonly Dictionary<CellId, CellAccumulator> _cells = [];

    // The metric of each numbered metric name, for turning accumulators into cells.
    private readonly Dictionary<int, MetricDefinition> _metrics = [];

    /// <summary>Cells touched since the last <see cref="Clear"/>.</summary>
    public int Count => _cells.Count;

    /// <summary>The numbering of the cell keys' strings; valid until <see cref="Clear"/>.</summary>
    internal CellStrings Strings { get; } = new();

    /// <summary>
    /// The numbering of the facts' breakdown tuples, by <see cref="Strings"/>; valid until <see cref="Clear"/>.
    /// Kept for the commit interval rather than per record, so a tuple's arrays are allocated once per interval.
    /// </summary>
    internal BreakdownTuples Tuples { get; } = new();

    internal void Fold(in CellFact fact, in ViewKey key)
    {
        var id = new CellId(Strings.IdOf(key.AppId), Strings.IdOf(key.Metric), Strings.IdOf(key.Key),
            Strings.IdOf(key.Dimension), Strings.IdOf(key.DimensionValue), key.Size, key.BucketStart.UtcTicks);
        CellOf(id, fact.Metric).Fold(fact);
    }

    internal void Fold(PendingCell pending, in CellId id) => CellOf(id, pending.Metric).Fold(pending);

    public IReadOnlyList<ViewCell> ToCells() => [.. _cells.Select(pair => pair.Value.ToCell(KeyOf(pair.Key), _metrics[pair.Key.Metric]))];

    public void Clear()
    {
        _cells.Clear();
        _metrics.Clear();
        Strings.Clear();
        Tuples.Clear();
    }

    private ref CellAccumulator CellOf(in CellId id, MetricDefinition metric)
    {
        // One hash of the key whether the cell exists or not.
        ref var cell = ref CollectionsMarshal.GetValueRefOrAddDefault(_cells, id, out bool exists);
        if (!exists)
        {
            // Cells are keyed by the metric's name: the first metric folded under a name stands for it (stored names are unique).
            _metrics.TryAdd(id.Metric, metric);
        }
        return ref cell;
    }

    private ViewKey KeyOf(in CellId id) => new(Strings[id.AppId], Strings[id.Metric], Strings[id.Key],
        Strings[id.Dimension], Strings[id.DimensionValue], id.Size, new DateTimeOffset(id.BucketTicks, TimeSpan.Zero));
}
