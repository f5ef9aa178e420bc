using Microsoft.Extensions.Logging;

namespace Tally.Archive.Diagnostics;

/// <summary>Log events of the archiver, ids 4000–4099; the ids are stable (dashboards and alerts use them).</summary>
internal static partial class ArchiveLog
{
    [LoggerMessage(EventId = 4000, Level = LogLevel.Information,
        Message = "Archiver consuming group {ConsumerGroup}: partitions {Partitions}")]
    public static partial void Assigned(this ILogger logger, string consumerGroup, string partitions);

    [LoggerMessage(EventId = 4001, Level = LogLevel.Information,
        Message = "Partition {Partition}: the pending flush of offsets {FirstOffset}-{NextOffset} had committed; removed its manifest")]
    public static partial void PendingFlushCompleted(this ILogger logger, int partition, long firstOffset, long nextOffset);

    [LoggerMessage(EventId = 4002, Level = LogLevel.Warning,
        Message = "Partition {Partition}: the pending flush of offsets {FirstOffset}-{NextOffset} had not committed; deleted its {FileCount} files to write them again")]
    public static partial void PendingFlushRolledBack(this ILogger logger, int partition, long firstOffset, long nextOffset, int fileCount);

    [LoggerMessage(EventId = 4003, Level = LogLevel.Debug,
        Message = "Partition {Partition}: archived offsets {FirstOffset}-{NextOffset}, {EventCount} events in {FileCount} files")]
    public static partial void Flushed(this ILogger logger, int partition, long firstOffset, long nextOffset, int eventCount, int fileCount);

    [LoggerMessage(EventId = 4004, Level = LogLevel.Error,
        Message = "Partition {Partition}: log record at offset {Offset} cannot be decoded and is not archived")]
    public static partial void RecordSkipped(this ILogger logger, Exception exception, int partition, long offset);

    [LoggerMessage(EventId = 4005, Level = LogLevel.Warning,
        Message = "Archiving failed (log, object store or view store unavailable); restarting from the committed offsets in {RetryDelay}")]
    public static partial void ProcessingFailed(this ILogger logger, Exception exception, TimeSpan retryDelay);

    [LoggerMessage(EventId = 4006, Level = LogLevel.Warning,
        Message = "Final archive flush at shutdown failed; the next start archives those records again")]
    public static partial void FinalFlushFailed(this ILogger logger, Exception exception);

    [LoggerMessage(EventId = 4007, Level = LogLevel.Error,
        Message = "Partition {Partition}: the committed offset {Committed} is no longer in the log (oldest {LogStart}); records in between were never archived")]
    public static partial void CommittedBeyondRetention(this ILogger logger, int partition, long committed, long logStart);
}
