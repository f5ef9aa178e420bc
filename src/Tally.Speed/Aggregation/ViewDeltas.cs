using System.Runtime.InteropServices;
using Tally.Core.Views;

namespace Tally.Speed.Aggregation;

/// <summary>
/// The view deltas accumulated since the last commit, one accumulator per cell. Handed to the
/// view store as <see cref="ViewCell"/>s, which it merges into the stored cells.
/// </summary>
public sealed class ViewDeltas
{
    private readonly Dictionary<ViewKey, CellAccumulator> _cells = [];

    /// <summary>Cells touched since the last <see cref="Clear"/>.</summary>
    public int Count => _cells.Count;

    internal void Fold(in CellFact fact, in ViewKey key)
    {
        // One hash of the key whether the cell exists or not.
        ref var cell = ref CollectionsMarshal.GetValueRefOrAddDefault(_cells, key, out bool exists);
        if (!exists)
        {
            cell = new CellAccumulator(fact.Metric);
        }
        cell.Fold(fact);
    }

    internal void Fold(PendingCell pending, in ViewKey key)
    {
        ref var cell = ref CollectionsMarshal.GetValueRefOrAddDefault(_cells, key, out bool exists);
        if (!exists)
        {
            cell = new CellAccumulator(pending.Metric);
        }
        cell.Fold(pending);
    }

    public IReadOnlyList<ViewCell> ToCells() => [.. _cells.Select(pair => pair.Value.ToCell(pair.Key))];

    public void Clear() => _cells.Clear();
}
