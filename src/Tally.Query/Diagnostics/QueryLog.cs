using Microsoft.Extensions.Logging;

namespace Tally.Query.Diagnostics;

/// <summary>The query API's log messages; ids are documented in <see cref="QueryLogEvents"/>.</summary>
internal static partial class QueryLog
{
    [LoggerMessage(EventId = QueryLogEvents.AccessRefused, EventName = nameof(QueryLogEvents.AccessRefused),
        Level = LogLevel.Debug, Message = "Refused {Path} with {StatusCode} {ErrorCode}")]
    public static partial void AccessRefused(this ILogger logger, string path, int statusCode, string errorCode);

    [LoggerMessage(EventId = QueryLogEvents.LiveStale, EventName = nameof(QueryLogEvents.LiveStale),
        Level = LogLevel.Warning, Message = "Live data is stale: the speed layer is {OffsetsBehind} log offsets behind and last progressed {AgeSeconds} s ago")]
    public static partial void LiveStale(this ILogger logger, long offsetsBehind, double ageSeconds);
}
