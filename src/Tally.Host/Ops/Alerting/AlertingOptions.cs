namespace Tally.Host.Ops.Alerting;

/// <summary>The unhealthy-component webhook, bound from <c>Tally:Alerting</c>. Off while <see cref="WebhookUrl"/> is unset.</summary>
public sealed class AlertingOptions
{
    public const string SectionName = "Tally:Alerting";

    /// <summary>Where to POST <see cref="HealthAlert"/> JSON (Slack/Teams relays, PagerDuty Events, any HTTP receiver).</summary>
    public Uri? WebhookUrl { get; set; }

    /// <summary>How long a component must stay unhealthy before the webhook is called: a blip does not page anyone.</summary>
    public TimeSpan UnhealthyFor { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>How often the health checks run.</summary>
    public TimeSpan CheckInterval { get; set; } = TimeSpan.FromSeconds(15);
}

/// <summary>The webhook body: sent once when a component has been unhealthy for <see cref="AlertingOptions.UnhealthyFor"/>, once when it recovers.</summary>
/// <param name="Status"><c>unhealthy</c> or <c>healthy</c> (recovered).</param>
/// <param name="Since">When the component became unhealthy (or, for a recovery, healthy again).</param>
public sealed record HealthAlert(string Component, string Status, DateTimeOffset Since, string? Description);
