using Tally.Core.Views;

namespace Tally.Query.Merge;

/// <summary>
/// Reads one metric over a span from the layer that serves each part of it (<see cref="LayerPlan"/>):
/// batch cells of the requested size before the watermark, speed hour cells from it on.
/// </summary>
public sealed class LayeredViewReader(IViewStore views)
{
    /// <param name="query">The whole span; <see cref="ViewQuery.Size"/> is the batch cell size to read (hour or day).</param>
    public async Task<IReadOnlyList<LayeredCell>> ReadAsync(ViewQuery query, LayerPlan plan, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        var cells = new List<LayeredCell>();
        if (plan.BatchPart(query) is { } batch)
        {
            foreach (var cell in await views.ReadBatchAsync(batch, cancellationToken))
            {
                cells.Add(new LayeredCell(cell, Layers.Batch));
            }
        }
        if (plan.SpeedPart(query) is { } speed)
        {
            foreach (var cell in await views.ReadSpeedAsync(speed, cancellationToken))
            {
                cells.Add(new LayeredCell(cell, Layers.Speed));
            }
        }
        return cells;
    }
}
