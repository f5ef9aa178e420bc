using System.Diagnostics.Metrics;
using Tally.Archive.Diagnostics;

namespace Tally.Host.Demo;

/// <summary>
/// Counts the events the archiver of this process wrote (its <c>tally.archive.events</c> counter),
/// so the demo knows when the archive holds the history it sent and the batch can run.
/// </summary>
internal sealed class ArchivedEventsGauge : IDisposable
{
    private readonly MeterListener _listener = new();
    private long _events;

    public ArchivedEventsGauge(IMeterFactory meterFactory)
    {
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument.Meter.Name == ArchiveMetrics.MeterName && instrument.Meter.Scope == meterFactory && instrument.Name == "tally.archive.events")
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        _listener.SetMeasurementEventCallback<long>((_, value, _, _) => Interlocked.Add(ref _events, value));
        _listener.Start();
    }

    public long Events => Interlocked.Read(ref _events);

    public void Dispose() => _listener.Dispose();
}
