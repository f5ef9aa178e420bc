using System.Net.Http.Json;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;
using Tally.Host.Hosting;

namespace Tally.Host.Ops.Alerting;

/// <summary>
/// Runs this process's health checks every <see cref="AlertingOptions.CheckInterval"/> and calls the
/// webhook once when a component has stayed unhealthy (or degraded) for
/// <see cref="AlertingOptions.UnhealthyFor"/>, and once when it is healthy again. A webhook that
/// fails is retried at the next check, so an alert is not lost to a receiver's blip.
/// </summary>
internal sealed class HealthWatcher(
    HealthCheckService health,
    IHttpClientFactory httpClients,
    IOptions<AlertingOptions> options,
    TimeProvider time,
    ILogger<HealthWatcher> logger) : BackgroundService
{
    public const string HttpClientName = "tally-alerting";

    private readonly AlertingOptions _options = options.Value;
    private readonly Dictionary<string, ComponentState> _components = new(StringComparer.Ordinal);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (_options.WebhookUrl is null)
        {
            return;
        }
        using var timer = new PeriodicTimer(_options.CheckInterval, time);
        do
        {
            var report = await health.CheckHealthAsync(stoppingToken);
            foreach (var (component, entry) in report.Entries)
            {
                await ObserveAsync(component, entry, stoppingToken);
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    private async Task ObserveAsync(string component, HealthReportEntry entry, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var state = _components.TryGetValue(component, out var known) ? known : new ComponentState(null, Alerted: false);
        if (entry.Status == HealthStatus.Healthy)
        {
            if (state.Alerted && !await SendAsync(new HealthAlert(component, "healthy", now, entry.Description), cancellationToken))
            {
                return;
            }
            _components[component] = new ComponentState(null, Alerted: false);
            return;
        }
        var since = state.UnhealthySince ?? now;
        bool alerted = state.Alerted;
        if (!alerted && now - since >= _options.UnhealthyFor)
        {
            alerted = await SendAsync(new HealthAlert(component, "unhealthy", since, entry.Description ?? entry.Exception?.Message), cancellationToken);
        }
        _components[component] = new ComponentState(since, alerted);
    }

    /// <returns>Whether the receiver accepted the alert.</returns>
    private async Task<bool> SendAsync(HealthAlert alert, CancellationToken cancellationToken)
    {
        try
        {
            using var response = await httpClients.CreateClient(HttpClientName)
                .PostAsJsonAsync(_options.WebhookUrl, alert, AlertingJsonContext.Default.HealthAlert, cancellationToken);
            response.EnsureSuccessStatusCode();
            logger.AlertSent(alert.Component, alert.Status);
            return true;
        }
        catch (HttpRequestException e)
        {
            logger.AlertFailed(e, alert.Component, alert.Status);
            return false;
        }
        catch (TaskCanceledException e) when (!cancellationToken.IsCancellationRequested)
        {
            // HttpClient's own timeout, not shutdown.
            logger.AlertFailed(e, alert.Component, alert.Status);
            return false;
        }
    }

    private readonly record struct ComponentState(DateTimeOffset? UnhealthySince, bool Alerted);
}
