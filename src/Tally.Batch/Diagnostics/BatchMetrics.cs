using System.Diagnostics.Metrics;
using Tally.Batch.Computation;

namespace Tally.Batch.Diagnostics;

/// <summary>The batch layer's instruments on the <c>Tally.Batch</c> meter (exported by the host with OpenTelemetry).</summary>
public sealed class BatchMetrics
{
    public const string MeterName = "Tally.Batch";

    private readonly Counter<long> _days;
    private readonly Counter<long> _events;
    private readonly Counter<long> _failures;
    private readonly Histogram<double> _duration;

    public BatchMetrics(IMeterFactory meterFactory)
    {
        ArgumentNullException.ThrowIfNull(meterFactory);
        var meter = meterFactory.Create(MeterName);
        _days = meter.CreateCounter<long>("tally.batch.days", "{day}", "Days computed and committed (one app or every app).");
        _events = meter.CreateCounter<long>("tally.batch.events.read", "{event}",
            "Archived events read, duplicates included; each day also reads its two neighbours.");
        _failures = meter.CreateCounter<long>("tally.batch.failures", "{run}", "Batch runs that failed (retried with back-off).");
        _duration = meter.CreateHistogram("tally.batch.day.duration", "s", "Time to compute and commit one day.",
            tags: null,
            // A small app's day takes well under a second; a busy deployment's, minutes.
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.1, 0.5, 1, 5, 10, 30, 60, 300, 900, 3600] });
    }

    public void DayComputed(ComputedDay day, TimeSpan duration)
    {
        ArgumentNullException.ThrowIfNull(day);
        _days.Add(1);
        _events.Add(day.EventsRead);
        _duration.Record(duration.TotalSeconds);
    }

    public void RunFailed() => _failures.Add(1);
}
