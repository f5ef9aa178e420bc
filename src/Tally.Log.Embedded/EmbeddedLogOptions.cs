namespace Tally.Log.Embedded;

/// <summary>Settings of the embedded log; checked by <see cref="EmbeddedEventLog.OpenAsync"/>.</summary>
public sealed class EmbeddedLogOptions
{
    /// <summary>Directory that holds the log (partitions, consumer-group offsets, lock file). Required.</summary>
    public string Directory { get; set; } = "";

    /// <summary>Number of partitions. Fixed once the log exists; opening it with another count fails.</summary>
    public int PartitionCount { get; set; } = 8;

    /// <summary>
    /// Size at which the active segment of a partition is closed and a new one started. A segment
    /// may exceed it by one group commit, because a group is never split across segments.
    /// </summary>
    public long SegmentBytes { get; set; } = 128L * 1024 * 1024;

    /// <summary>Closed segments whose newest record is older than this are deleted.</summary>
    public TimeSpan RetentionAge { get; set; } = TimeSpan.FromHours(72);

    /// <summary>Oldest closed segments are deleted while a partition holds more than this.</summary>
    public long RetentionBytesPerPartition { get; set; } = 8L * 1024 * 1024 * 1024;

    /// <summary>How often retention runs in the background.</summary>
    public TimeSpan RetentionCheckInterval { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>Clock for record timestamps and retention; replaced in tests.</summary>
    public TimeProvider TimeProvider { get; set; } = TimeProvider.System;

    internal void Validate()
    {
        if (string.IsNullOrWhiteSpace(Directory))
        {
            throw new ArgumentException($"{nameof(EmbeddedLogOptions)}.{nameof(Directory)} must name the log directory.", nameof(Directory));
        }

        Require(PartitionCount is >= 1 and <= 1000, nameof(PartitionCount), "must be between 1 and 1000");
        // 64 KiB floor: smaller segments would mean a file per handful of records.
        Require(SegmentBytes >= 64 * 1024, nameof(SegmentBytes), "must be at least 65536 bytes");
        Require(RetentionAge > TimeSpan.Zero, nameof(RetentionAge), "must be positive");
        Require(RetentionBytesPerPartition >= SegmentBytes, nameof(RetentionBytesPerPartition), "must be at least SegmentBytes");
        Require(RetentionCheckInterval > TimeSpan.Zero, nameof(RetentionCheckInterval), "must be positive");
        ArgumentNullException.ThrowIfNull(TimeProvider);
    }

    private static void Require(bool condition, string setting, string rule)
    {
        if (!condition)
        {
            throw new ArgumentOutOfRangeException(setting, $"{nameof(EmbeddedLogOptions)}.{setting} {rule}.");
        }
    }
}
