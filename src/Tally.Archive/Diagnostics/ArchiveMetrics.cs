using System.Diagnostics.Metrics;

namespace Tally.Archive.Diagnostics;

/// <summary>The archiver's instruments on the <c>Tally.Archive</c> meter (exported by the host with OpenTelemetry).</summary>
public sealed class ArchiveMetrics
{
    public const string MeterName = "Tally.Archive";

    private readonly Counter<long> _records;
    private readonly Counter<long> _events;
    private readonly Counter<long> _files;
    private readonly Counter<long> _recordsSkipped;
    private readonly Counter<long> _flushFailures;
    private readonly Histogram<double> _flushDuration;

    public ArchiveMetrics(IMeterFactory meterFactory)
    {
        ArgumentNullException.ThrowIfNull(meterFactory);
        var meter = meterFactory.Create(MeterName);
        _records = meter.CreateCounter<long>("tally.archive.records", "{record}", "Log records archived (offsets committed).");
        _events = meter.CreateCounter<long>("tally.archive.events", "{event}", "Events written to archive files.");
        _files = meter.CreateCounter<long>("tally.archive.files", "{file}", "Parquet files written to the object store.");
        _recordsSkipped = meter.CreateCounter<long>("tally.archive.records.skipped", "{record}", "Log records that could not be decoded.");
        _flushFailures = meter.CreateCounter<long>("tally.archive.flush.failures", "{flush}", "Failures that made the archiver restart from the committed offsets.");
        _flushDuration = meter.CreateHistogram("tally.archive.flush.duration", "s", "Time of one partition flush: files, manifest, archive marks and offset commit.",
            tags: null,
            // A local disk flush takes milliseconds; a remote object store with many hours, seconds.
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30] });
    }

    public void Flushed(int records, int events, int files, TimeSpan duration)
    {
        _records.Add(records);
        _events.Add(events);
        _files.Add(files);
        _flushDuration.Record(duration.TotalSeconds);
    }

    public void RecordSkipped() => _recordsSkipped.Add(1);

    public void FlushFailed() => _flushFailures.Add(1);
}
