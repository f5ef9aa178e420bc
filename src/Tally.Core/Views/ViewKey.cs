namespace Tally.Core.Views;

/// <summary>The time span one view cell covers. Buckets start at UTC boundaries.</summary>
public enum BucketSize : byte
{
    /// <summary>Speed layer only, for "active users now"; kept for a short time.</summary>
    Minute = 1,
    Hour = 2,
    Day = 3,
}

/// <summary>
/// The identity of one view cell: a metric's value for one app, one metric key (e.g. the event
/// name; <see cref="Metrics.Dimension.TotalValue"/> for app-wide metrics), one breakdown value
/// and one time bucket.
/// </summary>
/// <param name="Dimension">The breakdown dimension's name (<c>total</c> when not broken down).</param>
public readonly record struct ViewKey(
    string AppId,
    string Metric,
    string Key,
    string Dimension,
    string DimensionValue,
    BucketSize Size,
    DateTimeOffset BucketStart)
{
    public static DateTimeOffset BucketOf(DateTimeOffset time, BucketSize size)
    {
        var utc = time.ToUniversalTime();
        long ticks = size switch
        {
            BucketSize.Minute => TimeSpan.TicksPerMinute,
            BucketSize.Hour => TimeSpan.TicksPerHour,
            BucketSize.Day => TimeSpan.TicksPerDay,
            _ => throw new ArgumentOutOfRangeException(nameof(size), size, "Unknown bucket size."),
        };
        return new DateTimeOffset(utc.UtcTicks - utc.UtcTicks % ticks, TimeSpan.Zero);
    }
}

/// <summary>
/// A view cell's content. Counts, sums, minima and maxima live in <see cref="Value"/>. Distinct
/// counts also carry a HyperLogLog <see cref="Sketch"/> (postgresql-hll format) so that ranges
/// can be unioned; speed-layer medians carry a <see cref="Sketches.DurationSketch"/>. Value is
/// then the sketch's answer (distinct users, or median seconds).
/// </summary>
public sealed record ViewCell(ViewKey Key, double Value, ReadOnlyMemory<byte> Sketch = default);
