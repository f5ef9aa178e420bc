using System.Diagnostics.Metrics;
using Tally.Core.Events;

namespace Tally.Collector.Diagnostics;

/// <summary>The collector's instruments on the <c>Tally.Collector</c> meter (exported by the host with OpenTelemetry).</summary>
public sealed class CollectorMetrics
{
    public const string MeterName = "Tally.Collector";

    private readonly Counter<long> _accepted;
    private readonly Counter<long> _rejected;
    private readonly Counter<long> _requests;
    private readonly Histogram<double> _appendDuration;

    public CollectorMetrics(IMeterFactory meterFactory)
    {
        var meter = meterFactory.Create(MeterName);
        _accepted = meter.CreateCounter<long>("tally.collector.events.accepted", "{event}",
            "Events durably appended to the log.");
        _rejected = meter.CreateCounter<long>("tally.collector.events.rejected", "{event}",
            "Events of accepted requests sent to the dead-letter store, by reason.");
        _requests = meter.CreateCounter<long>("tally.collector.requests", "{request}",
            "Requests answered, by HTTP status code and error code.");
        _appendDuration = meter.CreateHistogram("tally.collector.append.duration", "s",
            "Time from the first log append of a request until all its partitions are committed.",
            tags: null,
            // Group commit with fsync takes from well under a millisecond to seconds on a sick disk.
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5] });
    }

    public void EventsAccepted(int count) => _accepted.Add(count);

    public void EventRejected(RejectReason reason) =>
        _rejected.Add(1, new KeyValuePair<string, object?>("reason", reason.Code()));

    public void RequestAnswered(int statusCode, string? errorCode) =>
        _requests.Add(1,
            new KeyValuePair<string, object?>("http.response.status_code", statusCode),
            new KeyValuePair<string, object?>("error", errorCode ?? "none"));

    public void AppendCompleted(TimeSpan duration) => _appendDuration.Record(duration.TotalSeconds);
}
