namespace Tally.Query.Merge;

/// <summary>The view layers a value was computed from.</summary>
[Flags]
public enum Layers
{
    None = 0,
    Batch = 1,
    Speed = 2,
}

/// <summary>Where a point came from, as the API reports it (<c>batch</c>, <c>speed</c>, <c>mixed</c>).</summary>
public enum PointSource
{
    Batch,
    Speed,
    Mixed,
}

internal static class LayersExtensions
{
    /// <summary>A bucket nothing covers (empty range) is reported as batch: it has nothing live in it.</summary>
    public static PointSource ToSource(this Layers layers) => layers switch
    {
        Layers.Speed => PointSource.Speed,
        Layers.Batch | Layers.Speed => PointSource.Mixed,
        _ => PointSource.Batch,
    };
}
