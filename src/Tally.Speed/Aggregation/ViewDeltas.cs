using Tally.Core.Metrics;
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

    internal void Fold(MetricDefinition metric, in ViewKey key, in Fact fact)
    {
        if (!_cells.TryGetValue(key, out var cell))
        {
            cell = new CellAccumulator(metric);
            _cells.Add(key, cell);
        }
        cell.Fold(fact);
    }

    public IReadOnlyList<ViewCell> ToCells() => [.. _cells.Select(pair => pair.Value.ToCell(pair.Key))];

    public void Clear() => _cells.Clear();
}
