using Tally.Core.Views;

namespace Tally.Query.Merge;

/// <summary>
/// Reads one metric over a span from the layer that serves each part of it (<see cref="LayerPlan"/>):
/// batch cells of the requested size before the watermark, speed hour cells from it on.
/// </summary>
public sealed class LayeredViewReader(IViewStore views)
{
    /// <param name="query">The whole span; <see cref="ViewQuery.Size"/> is the batch cell size to read (hour or day).</param>
    public Task<IReadOnlyList<LayeredCell>> ReadAsync(ViewQuery query, LayerPlan plan, CancellationToken cancellationToken) =>
        ReadAsync(query, plan, foldedInto: null, cancellationToken);

    /// <param name="query">The whole span; <see cref="ViewQuery.Size"/> is the batch cell size to read (hour or day).</param>
    /// <param name="foldedInto">
    /// The interval <see cref="SeriesMerge"/> folds the cells into: a part whose buckets each get at most
    /// one cell per breakdown value is read without sketches (<see cref="SeriesMerge.FoldsOneCellPerBucket"/>).
    /// Null: every cell comes with its sketch.
    /// </param>
    public async Task<IReadOnlyList<LayeredCell>> ReadAsync(
        ViewQuery query, LayerPlan plan, QueryInterval? foldedInto, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        var cells = new List<LayeredCell>();
        if (plan.BatchPart(query) is { } batch)
        {
            foreach (var cell in await views.ReadBatchAsync(WithSketchesIfUnioned(batch, foldedInto), cancellationToken))
            {
                cells.Add(new LayeredCell(cell, Layers.Batch));
            }
        }
        if (plan.SpeedPart(query) is { } speed)
        {
            foreach (var cell in await views.ReadSpeedAsync(WithSketchesIfUnioned(speed, foldedInto), cancellationToken))
            {
                cells.Add(new LayeredCell(cell, Layers.Speed));
            }
        }
        return cells;
    }

    private static ViewQuery WithSketchesIfUnioned(ViewQuery part, QueryInterval? foldedInto) =>
        foldedInto is { } interval && SeriesMerge.FoldsOneCellPerBucket(interval, part) ? part with { WithSketches = false } : part;
}
