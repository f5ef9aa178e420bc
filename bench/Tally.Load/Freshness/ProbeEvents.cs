using System.Globalization;
using System.Text;

namespace Tally.Load.Freshness;

/// <summary>
/// Probe events: one track event per request, each with its own event name, so that its
/// <c>events</c> cell in the speed views appears exactly when the speed layer has committed it.
/// Names carry a run id, so that probes of earlier runs in the same app are never mistaken for this run's.
/// </summary>
internal sealed class ProbeEvents(string runId)
{
    public const string NamePrefix = "freshness-probe-";

    public string RunId { get; } = runId;

    public static ProbeEvents ForNewRun() => new(Guid.NewGuid().ToString("N")[..8]);

    public string NameOf(int probe) => string.Create(CultureInfo.InvariantCulture, $"{NamePrefix}{RunId}-{probe:D6}");

    /// <summary>Whether <paramref name="eventName"/> is a probe of this run.</summary>
    public bool IsOfThisRun(string eventName) => eventName.StartsWith(NamePrefix + RunId + "-", StringComparison.Ordinal);

    /// <summary>The <c>/v1/batch</c> body of probe <paramref name="probe"/>, timestamped <paramref name="now"/> (event time = now, no clock skew).</summary>
    public string Body(int probe, DateTimeOffset now)
    {
        var time = now.ToString("O", CultureInfo.InvariantCulture);
        return new StringBuilder(256).Append(CultureInfo.InvariantCulture,
            $$$"""{"batch":[{"type":"track","event":"{{{NameOf(probe)}}}","messageId":"{{{RunId}}}-{{{probe}}}","anonymousId":"freshness-probe","timestamp":"{{{time}}}"}],"sentAt":"{{{time}}}"}""")
            .ToString();
    }
}
