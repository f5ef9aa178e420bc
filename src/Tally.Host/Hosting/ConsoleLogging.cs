using Tally.Host.Configuration;

namespace Tally.Host.Hosting;

internal static class ConsoleLogging
{
    private const string UtcTimestamp = "yyyy-MM-ddTHH:mm:ss.fffZ";

    /// <summary>
    /// One line per event with a UTC timestamp, or JSON lines. Framework request logging is quieted
    /// to warnings by default (a collector sees a request per device batch); these defaults sit
    /// below every other configuration source, so the "Logging" section of appsettings.json or the
    /// environment can turn it back up.
    /// </summary>
    public static void AddTallyConsoleLogging(this WebApplicationBuilder builder, LogFormat format)
    {
        builder.Configuration.Sources.Insert(0, new Microsoft.Extensions.Configuration.Memory.MemoryConfigurationSource
        {
            InitialData =
            [
                new("Logging:LogLevel:Microsoft.AspNetCore", nameof(LogLevel.Warning)),

                // The host logs its own start and stop events (EventIds 101-103) with the data dir.
                new("Logging:LogLevel:Microsoft.Hosting.Lifetime", nameof(LogLevel.Warning)),
            ],
        });

        builder.Logging.ClearProviders();
        if (format == LogFormat.Json)
        {
            builder.Logging.AddJsonConsole(json =>
            {
                json.UseUtcTimestamp = true;
                json.TimestampFormat = UtcTimestamp;
            });
        }
        else
        {
            builder.Logging.AddSimpleConsole(simple =>
            {
                simple.SingleLine = true;
                simple.UseUtcTimestamp = true;
                simple.TimestampFormat = UtcTimestamp + " ";
            });
        }
    }
}
