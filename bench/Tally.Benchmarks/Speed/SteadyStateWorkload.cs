using Tally.Core.Events;
using Tally.Core.Views;
using Tally.Log;
using Tally.Speed;
using Tally.Speed.Processing;

namespace Tally.Benchmarks.Speed;

/// <summary>
/// What a running speed worker sees in one commit interval: partition state (filters, open sessions,
/// property value summaries) already built by the hour of traffic before, and fresh deltas. The
/// same devices send two hours of traffic; the first hour is processed once (state only) and kept
/// as snapshots, so every measured pass restores the same warm state and runs the second hour.
/// </summary>
internal sealed class SteadyStateWorkload
{
    private readonly StateSnapshot[] _warm;

    private SteadyStateWorkload(StateSnapshot[] warm, IReadOnlyList<LogRecord> records, IReadOnlyList<List<TallyEvent>> decoded, int eventCount)
    {
        _warm = warm;
        Records = records;
        Decoded = decoded;
        EventCount = eventCount;
    }

    /// <summary>The measured hour's records, in append order.</summary>
    public IReadOnlyList<LogRecord> Records { get; }

    /// <summary>The events of each of <see cref="Records"/>, decoded.</summary>
    public IReadOnlyList<List<TallyEvent>> Decoded { get; }

    public int EventCount { get; }

    /// <param name="batchesPerHour">Requests of <paramref name="eventsPerBatch"/> events in each of the two hours.</param>
    public static SteadyStateWorkload Create(
        int batchesPerHour, int eventsPerBatch, int devices, DateTimeOffset start, IReadOnlyList<string> apps, SpeedOptions options)
    {
        var hour = TimeSpan.FromHours(1);
        var both = SpeedWorkload.Create(2 * batchesPerHour, eventsPerBatch, devices, start, 2 * hour, apps);
        var decoded = both.DecodeAll();
        var processors = NewProcessors(options);
        int measuredFrom = 0;
        while (both.Records[measuredFrom].AppendedAt <= start + hour)
        {
            var record = both.Records[measuredFrom];
            processors[record.Partition].ProcessEvents(decoded[measuredFrom], record.NextOffset, output: null);
            measuredFrom++;
        }
        var measured = decoded.Skip(measuredFrom).ToList();
        return new SteadyStateWorkload(
            [.. processors.Select(processor => processor.Snapshot())],
            [.. both.Records.Skip(measuredFrom)],
            measured,
            measured.Sum(events => events.Count));
    }

    /// <summary>Processors in the warm state the measured hour starts from (a new copy per call).</summary>
    public PartitionProcessor[] RestoreProcessors(SpeedOptions options) =>
        [.. _warm.Select((snapshot, partition) => PartitionProcessor.Restore(partition, options, snapshot))];

    private static PartitionProcessor[] NewProcessors(SpeedOptions options) =>
        [.. Enumerable.Range(0, SpeedWorkload.PartitionCount).Select(p => new PartitionProcessor(p, options, startOffset: 0))];
}
