using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Tally.Log.Kafka;

public static class KafkaLogHostingExtensions
{
    /// <summary>
    /// Registers <see cref="IEventLog"/> as a <see cref="KafkaEventLog"/> configured from
    /// <c>Tally:Log:Kafka</c> (e.g. <c>Tally__Log__Kafka__BootstrapServers</c>), validated at
    /// start-up, and a hosted service that finds or creates the topic when the host starts (call
    /// this before adding the roles, so it starts first). Replaces any event log registered
    /// before. The container disposes the log at shutdown (appends in flight finish first).
    /// </summary>
    public static IHostApplicationBuilder AddKafkaEventLog(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var services = builder.Services;
        services.AddOptions<KafkaLogOptions>()
            .Bind(builder.Configuration.GetSection(KafkaLogOptions.SectionName))
            .ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<KafkaLogOptions>, KafkaLogOptionsValidator>());
        services.TryAddSingleton(provider => KafkaEventLog.Create(
            provider.GetRequiredService<IOptions<KafkaLogOptions>>().Value,
            provider.GetRequiredService<ILoggerFactory>()));
        services.Replace(ServiceDescriptor.Singleton<IEventLog>(provider => provider.GetRequiredService<KafkaEventLog>()));
        services.AddHostedService<KafkaTopicInitializer>();
        return builder;
    }

    /// <summary>Checks (or creates) the topic before the roles start; a wrong partition count stops the start.</summary>
    private sealed class KafkaTopicInitializer(KafkaEventLog log) : IHostedService
    {
        public Task StartAsync(CancellationToken cancellationToken) => log.EnsureTopicAsync(cancellationToken);

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    }
}
