namespace Tally.Batch;

/// <summary>
/// Settings of the batch layer, bound from section <c>Tally:Batch</c> (e.g.
/// <c>TALLY__BATCH__GRACEPERIOD=02:00:00</c>).
/// </summary>
public sealed class BatchOptions
{
    public const string SectionName = "Tally:Batch";

    /// <summary>
    /// How long after a UTC day ends it counts as closed and is batched: late uploads of the day's
    /// last hour get this long to arrive before the first run (later ones re-batch the day).
    /// </summary>
    public TimeSpan GracePeriod { get; set; } = TimeSpan.FromHours(1);

    /// <summary>How often the worker looks for closed or dirty days.</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>
    /// Properties per (app, event name) and day that get their own breakdown: the ones most events
    /// carry (ties by name). The speed layer's default (Tally:Speed:MaxPropertiesPerEvent), so that
    /// both layers break down by the same properties.
    /// </summary>
    public int MaxPropertiesPerEvent { get; set; } = 10;

    /// <summary>
    /// Values per property and day that get their own cell: the most frequent ones (ties by value);
    /// the others count under "(other)". The speed layer's default (Tally:Speed:MaxValuesPerProperty).
    /// </summary>
    public int MaxValuesPerProperty { get; set; } = 50;

    /// <summary>
    /// How long a worker holds a day it computes without renewing its lease (it renews every third
    /// of this): if the worker dies, another takes the day over this long after its last renewal.
    /// </summary>
    public TimeSpan LeaseDuration { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>Longest wait between retries while the archive or view store fails.</summary>
    public TimeSpan MaxRetryDelay { get; set; } = TimeSpan.FromMinutes(1);
}
