using Microsoft.Extensions.Logging;

namespace Tally.Collector.Diagnostics;

/// <summary>The collector's log messages; ids are documented in <see cref="CollectorLogEvents"/>.</summary>
internal static partial class CollectorLog
{
    [LoggerMessage(EventId = CollectorLogEvents.RequestRefused, EventName = nameof(CollectorLogEvents.RequestRefused),
        Level = LogLevel.Debug, Message = "Refused {Path} with {StatusCode} {ErrorCode}: {Reason}")]
    public static partial void RequestRefused(this ILogger logger, string path, int statusCode, string errorCode, string reason);

    [LoggerMessage(EventId = CollectorLogEvents.EventsDeadLettered, EventName = nameof(CollectorLogEvents.EventsDeadLettered),
        Level = LogLevel.Information, Message = "Dead-lettered {RejectedCount} of {EventCount} events for app {AppId}; first reason {FirstReason}")]
    public static partial void EventsDeadLettered(this ILogger logger, int rejectedCount, int eventCount, string appId, string firstReason);

    [LoggerMessage(EventId = CollectorLogEvents.LogUnavailable, EventName = nameof(CollectorLogEvents.LogUnavailable),
        Level = LogLevel.Warning, Message = "Event log unavailable; answered 503 for {EventCount} events of app {AppId}")]
    public static partial void LogUnavailable(this ILogger logger, Exception exception, int eventCount, string appId);

    [LoggerMessage(EventId = CollectorLogEvents.DeadLetterStoreUnavailable, EventName = nameof(CollectorLogEvents.DeadLetterStoreUnavailable),
        Level = LogLevel.Warning, Message = "Dead-letter store unavailable; answered 503 for {RejectedCount} rejected events of app {AppId}")]
    public static partial void DeadLetterStoreUnavailable(this ILogger logger, Exception exception, int rejectedCount, string appId);

    [LoggerMessage(EventId = CollectorLogEvents.EventsAppended, EventName = nameof(CollectorLogEvents.EventsAppended),
        Level = LogLevel.Debug, Message = "Appended {EventCount} events of app {AppId} to {PartitionCount} partitions")]
    public static partial void EventsAppended(this ILogger logger, int eventCount, string appId, int partitionCount);

    [LoggerMessage(EventId = CollectorLogEvents.AppRegistryUnavailable, EventName = nameof(CollectorLogEvents.AppRegistryUnavailable),
        Level = LogLevel.Warning, Message = "App registry unavailable; a write key could not be looked up, answered 503")]
    public static partial void AppRegistryUnavailable(this ILogger logger, Exception exception);
}
