using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Tally.Log.Nats;

public static class NatsLogHostingExtensions
{
    /// <summary>
    /// Registers <see cref="IEventLog"/> on NATS JetStream, configured from <c>Tally:Log:Nats</c>
    /// (e.g. <c>Tally__Log__Nats__Url</c>). Settings are validated at start-up, and the streams and
    /// buckets are created before the host starts taking work, so a wrong URL stops the start.
    /// </summary>
    public static IHostApplicationBuilder AddNatsEventLog(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddOptions<NatsLogOptions>()
            .Bind(builder.Configuration.GetSection(NatsLogOptions.SectionName))
            .Validate(ValidSettings)
            .ValidateOnStart();
        builder.Services.AddSingleton<NatsEventLog>(services => new NatsEventLog(
            services.GetRequiredService<IOptions<NatsLogOptions>>().Value,
            services.GetRequiredService<ILoggerFactory>().CreateLogger("Tally.Log.Nats")));
        builder.Services.AddSingleton<IEventLog>(services => services.GetRequiredService<NatsEventLog>());
        builder.Services.AddHostedService<NatsEventLogStarter>();
        return builder;
    }

    private static bool ValidSettings(NatsLogOptions options)
    {
        // Throws with a message naming the setting, which the host shows as the start-up error.
        options.Validate();
        return true;
    }

    private sealed class NatsEventLogStarter(NatsEventLog log) : IHostedService
    {
        public Task StartAsync(CancellationToken cancellationToken) => log.EnsureReadyAsync(cancellationToken);

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    }
}
