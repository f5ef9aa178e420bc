using Microsoft.Extensions.Logging;

namespace Tally.Log.Embedded;

/// <summary>Log events of the embedded log, ids 2000–2099; the ids are stable (dashboards and alerts use them).</summary>
internal static partial class EmbeddedLogEvents
{
    [LoggerMessage(EventId = 2001, Level = LogLevel.Information,
        Message = "Opened event log {Directory} with {PartitionCount} partitions (closed segments verified: {VerifiedClosedSegments})")]
    public static partial void Opened(ILogger logger, string directory, int partitionCount, bool verifiedClosedSegments);

    [LoggerMessage(EventId = 2002, Level = LogLevel.Warning,
        Message = "Partition {Partition}: cut torn tail of {Segment} from {FileLength} to {ValidLength} bytes ({Problem})")]
    public static partial void TornTailTruncated(ILogger logger, int partition, string segment, long validLength, long fileLength, string problem);

    [LoggerMessage(EventId = 2003, Level = LogLevel.Error,
        Message = "Partition {Partition}: appending {RecordCount} records failed; they were not acknowledged")]
    public static partial void AppendFailed(ILogger logger, Exception exception, int partition, int recordCount);

    [LoggerMessage(EventId = 2004, Level = LogLevel.Warning,
        Message = "Partition {Partition}: could not cut the failed group back to the committed end")]
    public static partial void DiscardFailed(ILogger logger, Exception exception, int partition);

    [LoggerMessage(EventId = 2005, Level = LogLevel.Debug,
        Message = "Partition {Partition}: started segment at offset {BaseOffset}")]
    public static partial void SegmentRolled(ILogger logger, int partition, long baseOffset);

    [LoggerMessage(EventId = 2006, Level = LogLevel.Information,
        Message = "Partition {Partition}: retention deleted segment at offset {BaseOffset} ({Length} bytes)")]
    public static partial void SegmentDeleted(ILogger logger, int partition, long baseOffset, long length);

    [LoggerMessage(EventId = 2007, Level = LogLevel.Error, Message = "Retention run failed; it is retried at the next interval")]
    public static partial void RetentionFailed(ILogger logger, Exception exception);

    [LoggerMessage(EventId = 2008, Level = LogLevel.Critical, Message = "The log writer stopped unexpectedly; appends fail until the log is reopened")]
    public static partial void WriterFaulted(ILogger logger, Exception exception);

    [LoggerMessage(EventId = 2009, Level = LogLevel.Warning,
        Message = "Could not mark the clean shutdown of {Directory}; the next open verifies every segment")]
    public static partial void CleanShutdownMarkFailed(ILogger logger, Exception exception, string directory);
}
