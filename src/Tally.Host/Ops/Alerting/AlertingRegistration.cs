using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Tally.Host.Ops.Alerting;

internal static class AlertingRegistration
{
    // A receiver slower than this is treated as down; the alert is retried at the next check.
    private static readonly TimeSpan WebhookTimeout = TimeSpan.FromSeconds(10);

    /// <summary>Binds <see cref="AlertingOptions"/> from <c>Tally:Alerting</c> and runs the <see cref="HealthWatcher"/> (idle without a webhook URL).</summary>
    public static IHostApplicationBuilder AddTallyAlerting(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<AlertingOptions>()
            .Bind(builder.Configuration.GetSection(AlertingOptions.SectionName))
            .Validate(o => o.UnhealthyFor >= TimeSpan.Zero, $"{AlertingOptions.SectionName}:UnhealthyFor must not be negative.")
            .Validate(o => o.CheckInterval > TimeSpan.Zero, $"{AlertingOptions.SectionName}:CheckInterval must be positive.")
            .Validate(o => o.WebhookUrl is null || o.WebhookUrl.IsAbsoluteUri && o.WebhookUrl.Scheme is "http" or "https",
                $"{AlertingOptions.SectionName}:WebhookUrl must be an absolute http or https URL.")
            .ValidateOnStart();
        builder.Services.TryAddSingleton(TimeProvider.System);
        builder.Services.AddHttpClient(HealthWatcher.HttpClientName, client => client.Timeout = WebhookTimeout);
        builder.Services.AddHostedService<HealthWatcher>();
        return builder;
    }
}

[JsonSourceGenerationOptions(JsonSerializerDefaults.Web)]
[JsonSerializable(typeof(HealthAlert))]
internal sealed partial class AlertingJsonContext : JsonSerializerContext;
