using Tally.Core.Views;

namespace Tally.Query.Merge;

/// <summary>
/// Which layer serves each instant: the batch layer before its watermark (days it has finished),
/// the speed layer from the watermark on.
/// </summary>
/// <param name="Boundary">Midnight UTC of the watermark day; <see cref="DateTimeOffset.MinValue"/> before the first batch.</param>
public readonly record struct LayerPlan(DateTimeOffset Boundary)
{
    public static LayerPlan ForWatermark(DateOnly? watermark) =>
        new(watermark is { } day ? new DateTimeOffset(day.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero) : DateTimeOffset.MinValue);

    /// <summary>The layer a cell of the bucket starting at <paramref name="bucketStart"/> is read from.</summary>
    public Layers LayerOf(DateTimeOffset bucketStart) => bucketStart < Boundary ? Layers.Batch : Layers.Speed;

    /// <summary>The layers a span [<paramref name="start"/>, <paramref name="end"/>) draws on.</summary>
    public Layers LayersOf(DateTimeOffset start, DateTimeOffset end) =>
        (start < Boundary ? Layers.Batch : Layers.None) | (end > Boundary ? Layers.Speed : Layers.None);

    /// <summary>The part of [<paramref name="from"/>, <paramref name="to"/>) the batch layer serves, in <paramref name="size"/> cells.</summary>
    public ViewQuery? BatchPart(ViewQuery query) =>
        query.From < Boundary ? query with { To = Min(query.To, Boundary) } : null;

    /// <summary>The part the speed layer serves, always in hour cells (speed day cells do not exist).</summary>
    public ViewQuery? SpeedPart(ViewQuery query) =>
        query.To > Boundary ? query with { From = Max(query.From, Boundary), Size = BucketSize.Hour } : null;

    private static DateTimeOffset Min(DateTimeOffset a, DateTimeOffset b) => a < b ? a : b;

    private static DateTimeOffset Max(DateTimeOffset a, DateTimeOffset b) => a > b ? a : b;
}
