using Microsoft.Extensions.Logging;

namespace Tally.Batch.Diagnostics;

/// <summary>Log events of the batch layer, ids 5000–5099; the ids are stable (dashboards and alerts use them).</summary>
internal static partial class BatchLog
{
    [LoggerMessage(EventId = 5000, Level = LogLevel.Information,
        Message = "Batch layer started: closed days are batched {GracePeriod} after midnight UTC, checked every {PollInterval}")]
    public static partial void Started(this ILogger logger, TimeSpan gracePeriod, TimeSpan pollInterval);

    [LoggerMessage(EventId = 5001, Level = LogLevel.Information, Message = "Batch run computed {Days} days")]
    public static partial void RunCompleted(this ILogger logger, int days);

    [LoggerMessage(EventId = 5002, Level = LogLevel.Warning,
        Message = "Batch run failed (archive or view store unavailable); retrying in {RetryDelay}")]
    public static partial void RunFailed(this ILogger logger, Exception exception, TimeSpan retryDelay);

    [LoggerMessage(EventId = 5003, Level = LogLevel.Warning,
        Message = "Lost the lease on day {Day} (it lapsed and another worker took the day, or a backfill did); this worker did not commit it")]
    public static partial void LeaseLost(this ILogger logger, DateOnly day);

    [LoggerMessage(EventId = 5004, Level = LogLevel.Warning,
        Message = "Could not renew the lease on day {Day}; retrying in {RetryDelay}")]
    public static partial void LeaseRenewalFailed(this ILogger logger, Exception exception, DateOnly day, TimeSpan retryDelay);
}
