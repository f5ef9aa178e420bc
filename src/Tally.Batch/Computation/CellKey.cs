namespace Tally.Batch.Computation;

/// <summary>
/// A cell of the day, by string numbers: app, metric (index in <see cref="Core.Metrics.Metrics.Stored"/>),
/// metric key, dimension name and value, and the hour of the day (<see cref="WholeDay"/> for the day cell).
/// </summary>
internal readonly record struct CellKey(int App, int Metric, int Key, int Dimension, int Value, int Hour)
{
    public const int WholeDay = -1;
}
