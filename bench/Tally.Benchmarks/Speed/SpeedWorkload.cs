using Tally.Bench.Payloads;
using Tally.Collector.Parsing;
using Tally.Core.Encoding;
using Tally.Core.Events;
using Tally.Log;

namespace Tally.Benchmarks.Speed;

/// <summary>
/// What the speed layer reads: realistic mobile batches (<see cref="MobileEventGenerator"/>) parsed
/// and normalised by the collector's own code, grouped by partition and encoded as log records
/// exactly as the collector appends them (one <see cref="EventBatchWriter"/> record per request and
/// partition).
/// </summary>
public sealed class SpeedWorkload
{
    /// <summary>The embedded log's default partition count.</summary>
    public const int PartitionCount = 8;

    private SpeedWorkload(IReadOnlyList<LogRecord> records, int eventCount)
    {
        Records = records;
        EventCount = eventCount;
    }

    /// <summary>Log records in append order, offsets counting per partition.</summary>
    public IReadOnlyList<LogRecord> Records { get; }

    public int EventCount { get; }

    /// <param name="batches">Requests of <paramref name="eventsPerBatch"/> events, one device each.</param>
    /// <param name="devices">Devices (users) the generator picks from: fewer means a smaller app.</param>
    /// <param name="span">Receive times spread evenly over this long, from <paramref name="start"/>.</param>
    /// <param name="apps">App ids the generated apps map to (the generator's app index modulo their number).</param>
    public static SpeedWorkload Create(
        int batches, int eventsPerBatch, int devices, DateTimeOffset start, TimeSpan span, IReadOnlyList<string> apps, int seed = 42)
    {
        var generator = new MobileEventGenerator(seed, start, devices);
        var parser = new SegmentBatchParser(EventLimits.Default);
        var records = new List<LogRecord>();
        var nextOffset = new long[PartitionCount];
        int events = 0;
        for (int b = 0; b < batches; b++)
        {
            var batch = generator.NextBatch(eventsPerBatch);
            string appId = apps[batch.AppIndex % apps.Count];
            // The SDK uploads a few seconds after its last event; receive times advance through the span.
            var receivedAt = start + (span * (b + 1) / batches);
            var normalised = parser.ParseBatch(batch.Json).Normalise(appId, receivedAt);
            foreach (var group in normalised.Accepted.GroupBy(e => EventPartitioner.PartitionFor(appId, e.User, PartitionCount)))
            {
                var groupEvents = group.ToList();
                byte[] payload = EventBatchWriter.Encode(groupEvents);
                long offset = nextOffset[group.Key];
                nextOffset[group.Key] = offset + payload.Length;
                records.Add(new LogRecord(group.Key, offset, offset + payload.Length, receivedAt, payload));
                events += groupEvents.Count;
            }
        }
        return new SpeedWorkload(records, events);
    }

    /// <summary>The events of each record of <see cref="Records"/>, decoded (a new copy per call).</summary>
    public IReadOnlyList<List<TallyEvent>> DecodeAll() => [.. Records.Select(record => EventBatchReader.Decode(record.Payload))];
}
