using System.Diagnostics.Metrics;
using Tally.Speed.Processing;

namespace Tally.Speed.Diagnostics;

/// <summary>The speed layer's instruments on the <c>Tally.Speed</c> meter (exported by the host with OpenTelemetry).</summary>
public sealed class SpeedMetrics
{
    public const string MeterName = "Tally.Speed";

    private readonly Counter<long> _events;
    private readonly Counter<long> _duplicates;
    private readonly Counter<long> _sessionsClosed;
    private readonly Counter<long> _sessionsEvicted;
    private readonly Counter<long> _recordsSkipped;
    private readonly Counter<long> _recordsReplayed;
    private readonly Counter<long> _commitFailures;
    private readonly Histogram<double> _commitDuration;
    private long _lag;

    public SpeedMetrics(IMeterFactory meterFactory)
    {
        ArgumentNullException.ThrowIfNull(meterFactory);
        var meter = meterFactory.Create(MeterName);
        _events = meter.CreateCounter<long>("tally.speed.events", "{event}", "Events aggregated into the speed views (duplicates excluded).");
        _duplicates = meter.CreateCounter<long>("tally.speed.duplicates", "{event}", "Events dropped as duplicates of a messageId seen within 7 days.");
        _sessionsClosed = meter.CreateCounter<long>("tally.speed.sessions.closed", "{session}", "Sessions measured into session_length_median.");
        _sessionsEvicted = meter.CreateCounter<long>("tally.speed.sessions.evicted", "{session}",
            "Sessions closed early because a partition had the maximum number open (Tally:Speed:MaxOpenSessionsPerPartition).");
        _recordsSkipped = meter.CreateCounter<long>("tally.speed.records.skipped", "{record}", "Log records that could not be decoded.");
        _recordsReplayed = meter.CreateCounter<long>("tally.speed.records.replayed", "{record}",
            "Records re-read after a restart to rebuild state, without counting them again.");
        _commitFailures = meter.CreateCounter<long>("tally.speed.commit.failures", "{commit}", "Commits to the view store that failed (processing restarts from the checkpoint).");
        _commitDuration = meter.CreateHistogram("tally.speed.commit.duration", "s", "Time of one view-store commit of deltas and offsets.",
            tags: null,
            // SQLite commits take milliseconds; a remote PostgreSQL under load, up to seconds.
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5] });
        meter.CreateObservableGauge("tally.speed.lag", () => Volatile.Read(ref _lag), "{offset}",
            "Sum over assigned partitions of log end minus the offset processed (offset units of the log).");
    }

    /// <summary>Adds what a processor counted and resets its counters.</summary>
    public void Record(PartitionCounters counters)
    {
        ArgumentNullException.ThrowIfNull(counters);
        _events.Add(counters.Events);
        _duplicates.Add(counters.Duplicates);
        _sessionsClosed.Add(counters.SessionsClosed);
        _sessionsEvicted.Add(counters.SessionsEvicted);
        _recordsSkipped.Add(counters.RecordsSkipped);
        counters.Reset();
    }

    public void RecordsReplayed(long count) => _recordsReplayed.Add(count);

    public void CommitCompleted(TimeSpan duration) => _commitDuration.Record(duration.TotalSeconds);

    public void CommitFailed() => _commitFailures.Add(1);

    public void Lag(long offsets) => Volatile.Write(ref _lag, offsets);
}
