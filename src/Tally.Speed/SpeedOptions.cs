namespace Tally.Speed;

/// <summary>
/// Settings of the speed layer, bound from section <c>Tally:Speed</c> (e.g.
/// <c>TALLY__SPEED__COMMITINTERVAL=00:00:02</c>). Also what a standalone
/// <see cref="Processing.PartitionProcessor"/> is built with.
/// </summary>
public sealed class SpeedOptions
{
    public const string SectionName = "Tally:Speed";

    /// <summary>The log consumer group, also the key of the offsets in the view store.</summary>
    public string ConsumerGroup { get; set; } = "speed";

    /// <summary>How often view deltas and offsets are committed: the freshness of the live views.</summary>
    public TimeSpan CommitInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>How often partition state is snapshotted with a commit: bounds the replay after a crash.</summary>
    public TimeSpan SnapshotInterval { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>Records fetched from the log at most per loop iteration.</summary>
    public int FetchMaxRecords { get; set; } = 512;

    /// <summary>How long a fetch waits for the first record; short, so commits stay on time when the log is idle.</summary>
    public TimeSpan FetchMaxWait { get; set; } = TimeSpan.FromMilliseconds(200);

    /// <summary>
    /// Distinct messages one partition is expected to receive per day: sizes the first stage of each day's
    /// duplicate filter, which grows in stages twice as large beyond. Small by default, so that a small
    /// app's partition state (snapshotted every <see cref="SnapshotInterval"/>) stays a few KiB; busy
    /// partitions grow (a stage per doubling) or can be sized up here.
    /// </summary>
    public long ExpectedMessagesPerDay { get; set; } = 8_192;

    /// <summary>How long a user stays "seen" after their last event; a user unseen for longer counts as new again.</summary>
    public TimeSpan SeenUserWindow { get; set; } = TimeSpan.FromDays(365);

    /// <summary>Distinct users one partition is expected to see per week (sizes the seen-users filter's first stages; it grows beyond). Small by default, as <see cref="ExpectedMessagesPerDay"/>.</summary>
    public long ExpectedUsersPerWeek { get; set; } = 2_048;

    /// <summary>
    /// How long, in log event time, a session stays open after its last activity before its length
    /// is measured. Sessions are still split by their own events' 30-minute gap; this only waits for
    /// users whose events arrive behind the rest of the partition (clock lag, slow uploads), so that
    /// their next event continues the session instead of counting a new one. Session-length medians
    /// appear this much later than session counts.
    /// </summary>
    public TimeSpan SessionCloseDelay { get; set; } = TimeSpan.FromHours(2);

    /// <summary>Open sessions one partition keeps at most; beyond, the least recently active one is closed early.</summary>
    public int MaxOpenSessionsPerPartition { get; set; } = 100_000;

    /// <summary>Properties per (app, event name) that get their own breakdown, first seen first served.</summary>
    public int MaxPropertiesPerEvent { get; set; } = 10;

    /// <summary>
    /// Values per property that get their own cell: the top size of each property's value summary
    /// (which keeps 10 × this many Space-Saving counters). A value has its own cell while it is
    /// among this many most frequent values seen so far, else it is counted under "(other)"; 0 counts
    /// every value under "(other)".
    /// </summary>
    public int MaxValuesPerProperty { get; set; } = 50;

    /// <summary>(app, event name) pairs per partition whose properties are tracked; events beyond get no property breakdown.</summary>
    public int MaxTrackedEvents { get; set; } = 10_000;

    /// <summary>Hour cells older than this are deleted; the batch layer's views cover them.</summary>
    public TimeSpan HourRetention { get; set; } = TimeSpan.FromDays(7);

    /// <summary>Minute cells ("active users now") older than this are deleted.</summary>
    public TimeSpan MinuteRetention { get; set; } = TimeSpan.FromHours(2);

    /// <summary>How often the retention pass runs.</summary>
    public TimeSpan RetentionInterval { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>Longest wait between retries while the view store or log fails.</summary>
    public TimeSpan MaxRetryDelay { get; set; } = TimeSpan.FromSeconds(30);
}
