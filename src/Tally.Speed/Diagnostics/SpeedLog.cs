using Microsoft.Extensions.Logging;

namespace Tally.Speed.Diagnostics;

/// <summary>Log events of the speed layer, ids 3000–3099; the ids are stable (dashboards and alerts use them).</summary>
internal static partial class SpeedLog
{
    [LoggerMessage(EventId = 3000, Level = LogLevel.Information,
        Message = "Speed layer consuming group {ConsumerGroup}: partitions {Partitions}")]
    public static partial void Assigned(this ILogger logger, string consumerGroup, string partitions);

    [LoggerMessage(EventId = 3001, Level = LogLevel.Information,
        Message = "Partition {Partition}: restored state at offset {SnapshotOffset} (snapshot: {HasSnapshot}); views include offsets before {ViewOffset}")]
    public static partial void PartitionRestored(this ILogger logger, int partition, long snapshotOffset, bool hasSnapshot, long viewOffset);

    [LoggerMessage(EventId = 3002, Level = LogLevel.Warning,
        Message = "Speed commit failed; retrying from the last checkpoint in {RetryDelay}")]
    public static partial void CommitFailed(this ILogger logger, Exception exception, TimeSpan retryDelay);

    [LoggerMessage(EventId = 3003, Level = LogLevel.Warning,
        Message = "Speed processing failed (log or view store unavailable); restarting from the last checkpoint in {RetryDelay}")]
    public static partial void ProcessingFailed(this ILogger logger, Exception exception, TimeSpan retryDelay);

    [LoggerMessage(EventId = 3004, Level = LogLevel.Debug,
        Message = "Speed retention deleted {HourCells} hour cells and {MinuteCells} minute cells")]
    public static partial void RetentionRan(this ILogger logger, int hourCells, int minuteCells);

    [LoggerMessage(EventId = 3005, Level = LogLevel.Warning,
        Message = "Partition {Partition}: the snapshot offset {SnapshotOffset} is no longer in the log (oldest {LogStart}); state rebuilt from the oldest record is incomplete")]
    public static partial void SnapshotBeyondRetention(this ILogger logger, int partition, long snapshotOffset, long logStart);

    [LoggerMessage(EventId = 3006, Level = LogLevel.Warning,
        Message = "Committing the speed offsets to the log group failed (only lag reporting is affected)")]
    public static partial void LogGroupCommitFailed(this ILogger logger, Exception exception);

    [LoggerMessage(EventId = 3007, Level = LogLevel.Warning,
        Message = "Speed retention pass failed; it runs again in {Interval}")]
    public static partial void RetentionFailed(this ILogger logger, Exception exception, TimeSpan interval);

    [LoggerMessage(EventId = 3008, Level = LogLevel.Warning,
        Message = "Final speed commit at shutdown failed; the next start replays from the last checkpoint")]
    public static partial void FinalCommitFailed(this ILogger logger, Exception exception);
}
