namespace Tally.Query.Merge;

/// <summary>One bucket's value after the merge.</summary>
/// <param name="Value">Null when the bucket has no value (a median of no sessions, a ratio over no users).</param>
/// <param name="Layers">The layers the bucket's span draws on (its <see cref="Source"/>).</param>
/// <param name="Approximate">True when any part came from the speed layer or from a sketch estimate.</param>
/// <param name="StandardError">
/// Absolute error of an approximate value: for distinct counts the HyperLogLog standard error
/// (1.04/√m of the value), for medians the sketch's relative accuracy bound; null when exact or unknown
/// (speed-layer counts, whose error comes from duplicate filters and has no closed form).
/// </param>
public readonly record struct MergedValue(double? Value, Layers Layers, bool Approximate, double? StandardError)
{
    public PointSource Source => Layers.ToSource();
}

/// <summary>A cell read from one layer.</summary>
public readonly record struct LayeredCell(Core.Views.ViewCell Cell, Layers Layer);
