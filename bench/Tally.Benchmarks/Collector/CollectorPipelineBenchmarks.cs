using System.Buffers;
using BenchmarkDotNet.Attributes;
using Tally.Bench.Payloads;
using Tally.Collector.Parsing;
using Tally.Core.Encoding;
using Tally.Core.Events;
using Tally.Log;

namespace Tally.Benchmarks.Collector;

/// <summary>
/// The collector's in-process work per event, without HTTP or fsync: gunzip, parse,
/// normalise and encode the log records, over the same pool that <c>tally-load</c> sends.
/// Compare with <see cref="BareDecodeBenchmarks"/> (same pool, same per-event unit) to see
/// what the pipeline adds to the bare decode; the gap to the end-to-end figure of
/// <c>tally-load http</c> is HTTP, the log and the thread hops between them.
/// </summary>
[MemoryDiagnoser]
public class CollectorPipelineBenchmarks
{
    private const string AppId = "bench-app";

    // The embedded log's default partition count, so records are grouped as in `tally up`.
    private const int PartitionCount = 8;

    private static readonly DateTimeOffset ReceivedAt = new(2026, 11, 27, 8, 0, 0, TimeSpan.Zero);

    private readonly SegmentBatchParser _parser = new(EventLimits.Default);
    private readonly ArrayBufferWriter<byte> _record = new(64 * 1024);
    private PayloadPool _pool = null!;
    private BareDecoder _decoder = null!;

    [GlobalSetup]
    public void Setup()
    {
        _pool = PayloadPool.Create(PayloadPoolOptions.Default);
        if (_pool.EventCount != BareDecodeBenchmarks.EventsPerInvocation)
        {
            throw new InvalidOperationException($"The default pool holds {_pool.EventCount} events; update {nameof(BareDecodeBenchmarks.EventsPerInvocation)}.");
        }

        _decoder = new BareDecoder();
    }

    [GlobalCleanup]
    public void Cleanup() => _decoder.Dispose();

    [Benchmark(OperationsPerInvoke = BareDecodeBenchmarks.EventsPerInvocation, Description = "gunzip + parse + normalise")]
    public int ParseAndNormalise()
    {
        var events = 0;
        foreach (var payload in _pool.Payloads)
        {
            events += Normalise(payload).Accepted.Count;
        }

        return events;
    }

    [Benchmark(Baseline = true, OperationsPerInvoke = BareDecodeBenchmarks.EventsPerInvocation, Description = "gunzip + parse + normalise + encode")]
    public long ParseNormaliseAndEncode()
    {
        long bytes = 0;
        foreach (var payload in _pool.Payloads)
        {
            var request = Normalise(payload);
            foreach (var group in request.Accepted.GroupBy(e => EventPartitioner.PartitionFor(AppId, e.User, PartitionCount)))
            {
                _record.ResetWrittenCount();
                EventBatchWriter.Write(_record, group.ToList());
                bytes += _record.WrittenCount;
            }
        }

        return bytes;
    }

    private NormalisedRequest Normalise(Payload payload) =>
        _parser.ParseBatch(_decoder.Gunzip(payload.Gzip)).Normalise(AppId, ReceivedAt);
}
