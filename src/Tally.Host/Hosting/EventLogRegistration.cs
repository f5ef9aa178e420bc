using Tally.Log;
using Tally.Log.Embedded;

namespace Tally.Host.Hosting;

internal static class EventLogRegistration
{
    public const string SectionName = "Tally:Log";

    /// <summary>
    /// The embedded event log in <c>DATA/log</c>, tuned from section <c>Tally:Log</c>
    /// (e.g. <c>TALLY__LOG__PARTITIONCOUNT</c>). It is opened, and recovered after a crash,
    /// before the server takes requests, and disposed (everything queued committed) at shutdown.
    /// </summary>
    public static IHostApplicationBuilder AddEmbeddedEventLog(this IHostApplicationBuilder builder, string dataDirectory)
    {
        var options = new EmbeddedLogOptions();
        builder.Configuration.GetSection(SectionName).Bind(options);
        if (string.IsNullOrWhiteSpace(options.Directory))
        {
            options.Directory = Path.Combine(dataDirectory, "log");
        }

        builder.Services.AddSingleton<IEventLog>(services =>
            EmbeddedEventLog.Open(options, services.GetRequiredService<ILoggerFactory>().CreateLogger("Tally.Log.Embedded")));
        builder.Services.AddHostedService<EventLogOpener>();
        return builder;
    }

    /// <summary>Opens the log at start-up, so recovery happens before the first request and a bad log stops the start.</summary>
    private sealed class EventLogOpener(IServiceProvider services) : IHostedService
    {
        public Task StartAsync(CancellationToken cancellationToken) =>
            Task.Run(() => services.GetRequiredService<IEventLog>(), cancellationToken);

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    }
}
