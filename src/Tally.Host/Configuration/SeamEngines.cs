namespace Tally.Host.Configuration;

/// <summary>
/// Which implementation of each seam a process uses, read from <c>Tally:Log:Engine</c>,
/// <c>Tally:Views:Engine</c> and <c>Tally:Archive:Engine</c> (e.g. <c>TALLY__LOG__ENGINE=nats</c>).
/// The defaults are the embedded engines, so <c>tally up</c> needs no setting at all.
/// </summary>
/// <param name="Log">The event log: <c>embedded</c>, <c>nats</c> or <c>kafka</c>.</param>
/// <param name="Views">The view store, app registry and dead letters: <c>sqlite</c> or <c>postgres</c>.</param>
/// <param name="Archive">The archive's object store: <c>local</c> or <c>s3</c>.</param>
public sealed record SeamEngines(string Log, string Views, string Archive)
{
    public const string LogSetting = "Tally:Log:Engine";
    public const string ViewsSetting = "Tally:Views:Engine";
    public const string ArchiveSetting = "Tally:Archive:Engine";

    public const string EmbeddedLog = "embedded";
    public const string NatsLog = "nats";
    public const string KafkaLog = "kafka";
    public const string SqliteViews = "sqlite";
    public const string PostgresViews = "postgres";
    public const string LocalArchive = "local";
    public const string S3Archive = "s3";

    /// <summary>Reads the three settings; the names are lower-cased, as they are matched without regard to case.</summary>
    /// <remarks>Whether a name is known is checked where engines are registered (Hosting/SeamRegistration.cs), the one list of them.</remarks>
    public static SeamEngines Read(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        return new SeamEngines(
            Setting(configuration, LogSetting, EmbeddedLog),
            Setting(configuration, ViewsSetting, SqliteViews),
            Setting(configuration, ArchiveSetting, LocalArchive));
    }

    private static string Setting(IConfiguration configuration, string key, string defaultValue)
    {
        var value = configuration[key];
        return string.IsNullOrWhiteSpace(value) ? defaultValue : value.Trim().ToLowerInvariant();
    }
}
