namespace Tally.Host.Hosting;

/// <summary>Log events of the host. EventIds 100-199 are the host's; never reuse or renumber one.</summary>
internal static partial class HostLog
{
    [LoggerMessage(EventId = 100, Level = LogLevel.Information, Message = "View store ready at {DatabasePath} (schema version {SchemaVersion})")]
    public static partial void ViewStoreReady(this ILogger logger, string databasePath, int schemaVersion);

    [LoggerMessage(EventId = 101, Level = LogLevel.Information, Message = "Tally started: listening on {Urls}, data in {DataDirectory}")]
    public static partial void Started(this ILogger logger, string urls, string dataDirectory);

    [LoggerMessage(EventId = 102, Level = LogLevel.Information, Message = "Tally stopping: finishing in-flight requests")]
    public static partial void Stopping(this ILogger logger);

    [LoggerMessage(EventId = 103, Level = LogLevel.Information, Message = "Tally stopped")]
    public static partial void Stopped(this ILogger logger);

    [LoggerMessage(EventId = 110, Level = LogLevel.Information, Message = "Alert webhook called: {Component} is {Status}")]
    public static partial void AlertSent(this ILogger logger, string component, string status);

    [LoggerMessage(EventId = 111, Level = LogLevel.Warning, Message = "Alert webhook failed for {Component} {Status}; retrying at the next health check")]
    public static partial void AlertFailed(this ILogger logger, Exception exception, string component, string status);

    [LoggerMessage(EventId = 112, Level = LogLevel.Warning, Message = "Could not sample the ops gauges (batch watermark age, log disk use); retrying")]
    public static partial void GaugeSampleFailed(this ILogger logger, Exception exception);
}
