using Tally.Archive.Erasure;
using Tally.Batch;
using Tally.Batch.Archive;
using Tally.Core.Apps;
using Tally.Host.Configuration;
using Tally.Host.Ops;
using Tally.Log.Kafka;
using Tally.Log.Nats;
using Tally.ObjectStore.S3;

namespace Tally.Host.Hosting;

/// <summary>
/// Registers the configured engine of each seam (<see cref="SeamEngines"/>). This is the only place
/// that names implementations: the stages see <c>IEventLog</c>, <c>IViewStore</c>,
/// <c>IAppRegistry</c>, <c>IDeadLetterStore</c> and <c>IObjectStore</c> only. A new engine is one
/// entry in its seam's table below: its extension method registers the seam's interface (and any
/// hosted service that prepares the engine, e.g. the Kafka topic), and what every engine of the seam
/// shares (health check, archive reader and eraser) is added here. A distributed engine reads its settings from a
/// section beside its seam's <c>Engine</c> setting: <c>Tally:Log:Nats</c>, <c>Tally:Log:Kafka</c>,
/// <c>Tally:Views:Postgres</c>, <c>Tally:Archive:S3</c>.
/// </summary>
internal static class SeamRegistration
{
    private delegate void Register(IHostApplicationBuilder builder, TallyOptions options);

    private static readonly Dictionary<string, Register> LogEngines = new()
    {
        [SeamEngines.EmbeddedLog] = (builder, options) => builder.AddEmbeddedEventLog(options.DataDirectoryFullPath),
        [SeamEngines.NatsLog] = (builder, _) => builder.AddNatsEventLog(),
        [SeamEngines.KafkaLog] = (builder, _) => builder.AddKafkaEventLog(),
    };

    private static readonly Dictionary<string, Register> ViewEngines = new()
    {
        [SeamEngines.SqliteViews] = (builder, options) => builder.AddSqliteStores(options.DataDirectoryFullPath),
        [SeamEngines.PostgresViews] = (builder, _) => builder.AddPostgresViewStores(),
    };

    private static readonly Dictionary<string, Register> ArchiveEngines = new()
    {
        [SeamEngines.LocalArchive] = (builder, options) => builder.AddLocalArchive(options.DataDirectoryFullPath),
        [SeamEngines.S3Archive] = (builder, _) => builder.AddS3ObjectStore(),
    };

    /// <summary>The view store (with the app registry and dead letters), the event log and the archive, as configured.</summary>
    /// <exception cref="TallyConfigurationException">An engine setting names no engine of this build.</exception>
    public static IHostApplicationBuilder AddSeams(this IHostApplicationBuilder builder, TallyOptions options)
    {
        var engines = SeamEngines.Read(builder.Configuration);
        var registrations = new[]
        {
            Find(ViewEngines, SeamEngines.ViewsSetting, engines.Views),
            Find(LogEngines, SeamEngines.LogSetting, engines.Log),
            Find(ArchiveEngines, SeamEngines.ArchiveSetting, engines.Archive),
        };

        // The view store first: its migration runs before the workers that use it start.
        foreach (var register in registrations)
        {
            register(builder, options);
        }
        builder.Services.AddHealthChecks().AddCheck<EventLogHealthCheck>("event_log");
        AddArchiveFiles(builder);
        return builder;
    }

    /// <summary>Only the view-store seam, for one-shot commands (<c>tally apps</c>) that need apps and views, not the log.</summary>
    public static IHostApplicationBuilder AddViewSeam(this IHostApplicationBuilder builder, TallyOptions options)
    {
        Find(ViewEngines, SeamEngines.ViewsSetting, SeamEngines.Read(builder.Configuration).Views)(builder, options);
        return builder;
    }

    /// <summary>The view store and the archive, for <c>tally batch run</c>, <c>tally apps delete</c> and <c>tally users forget</c>.</summary>
    public static IHostApplicationBuilder AddBatchSeams(this IHostApplicationBuilder builder, TallyOptions options)
    {
        var engines = SeamEngines.Read(builder.Configuration);
        Find(ViewEngines, SeamEngines.ViewsSetting, engines.Views)(builder, options);
        Find(ArchiveEngines, SeamEngines.ArchiveSetting, engines.Archive)(builder, options);
        AddArchiveFiles(builder);
        return builder;
    }

    /// <summary>
    /// The batch layer reads days of Parquet files, and app deletion and privacy requests erase rows
    /// from them, through whichever object store the archive engine registered.
    /// </summary>
    private static void AddArchiveFiles(IHostApplicationBuilder builder)
    {
        builder.Services.AddSingleton<IArchiveDaySource, ParquetArchiveDaySource>();
        builder.Services.AddSingleton<IArchiveEraser, ParquetArchiveEraser>();
    }

    private static Register Find(Dictionary<string, Register> engines, string setting, string name) =>
        engines.TryGetValue(name, out var register)
            ? register
            : throw new TallyConfigurationException(
                $"{setting} is '{name}', which is not an engine of this build; use one of: {string.Join(", ", engines.Keys)}.");
}
