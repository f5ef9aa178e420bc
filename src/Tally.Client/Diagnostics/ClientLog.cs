using System.Net;
using Microsoft.Extensions.Logging;

namespace Tally.Client.Diagnostics;

/// <summary>The SDK's log messages; ids are in <see cref="ClientLogEvents"/>.</summary>
internal static partial class ClientLog
{
    [LoggerMessage(EventId = ClientLogEvents.UploadFailed, EventName = nameof(ClientLogEvents.UploadFailed),
        Level = LogLevel.Information, Message = "Upload of {EventCount} events failed with {Status}; retry {Failures} in {Delay}")]
    public static partial void UploadFailed(this ILogger logger, Exception? exception, int eventCount, HttpStatusCode? status, int failures, TimeSpan delay);

    [LoggerMessage(EventId = ClientLogEvents.BatchRejected, EventName = nameof(ClientLogEvents.BatchRejected),
        Level = LogLevel.Warning, Message = "Collector refused {EventCount} events with {Status}; they are dropped")]
    public static partial void BatchRejected(this ILogger logger, int eventCount, HttpStatusCode status);

    [LoggerMessage(EventId = ClientLogEvents.EventTooLarge, EventName = nameof(ClientLogEvents.EventTooLarge),
        Level = LogLevel.Warning, Message = "Collector refused a single event as too large (413); it is dropped")]
    public static partial void EventTooLarge(this ILogger logger);

    [LoggerMessage(EventId = ClientLogEvents.QueueOverflow, EventName = nameof(ClientLogEvents.QueueOverflow),
        Level = LogLevel.Warning, Message = "Queue full: dropped the {DroppedCount} oldest events")]
    public static partial void QueueOverflow(this ILogger logger, int droppedCount);

    [LoggerMessage(EventId = ClientLogEvents.TornQueueTail, EventName = nameof(ClientLogEvents.TornQueueTail),
        Level = LogLevel.Warning, Message = "Skipped a torn tail in {SegmentCount} queue segments (the app was killed mid-write)")]
    public static partial void TornQueueTail(this ILogger logger, int segmentCount);

    [LoggerMessage(EventId = ClientLogEvents.StorageFailed, EventName = nameof(ClientLogEvents.StorageFailed),
        Level = LogLevel.Error, Message = "Could not write the queue to {Directory}; events stay in memory and are retried")]
    public static partial void StorageFailed(this ILogger logger, Exception exception, string directory);

    [LoggerMessage(EventId = ClientLogEvents.BatchSplit, EventName = nameof(ClientLogEvents.BatchSplit),
        Level = LogLevel.Information, Message = "Collector refused {EventCount} events as too large (413); sending at most {Limit} per batch")]
    public static partial void BatchSplit(this ILogger logger, int eventCount, int limit);
}
