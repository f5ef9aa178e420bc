using BenchmarkDotNet.Attributes;
using Tally.Bench.Payloads;

namespace Tally.Benchmarks.Collector;

/// <summary>
/// The bare-decode baseline the collector's cost is judged against (target: at most 2x
/// <see cref="GunzipTokenize"/> per event): the least work any collector must do per
/// request, over the same reference payloads that <c>tally-load</c> sends. Each invocation
/// decodes the whole pool, so results are per pool; divide by <see cref="EventsPerInvocation"/>
/// (reported as operations) for the per-event cost.
/// </summary>
[MemoryDiagnoser]
public class BareDecodeBenchmarks
{
    private PayloadPool _pool = null!;
    private BareDecoder _decoder = null!;

    /// <summary>Events decoded by one benchmark invocation: every batch of the default pool once (256 x 100).</summary>
    public const int EventsPerInvocation = 256 * 100;

    [GlobalSetup]
    public void Setup()
    {
        _pool = PayloadPool.Create(PayloadPoolOptions.Default);
        if (_pool.EventCount != EventsPerInvocation)
        {
            throw new InvalidOperationException($"The default pool holds {_pool.EventCount} events; update {nameof(EventsPerInvocation)}.");
        }

        _decoder = new BareDecoder();
    }

    [GlobalCleanup]
    public void Cleanup() => _decoder.Dispose();

    [Benchmark(OperationsPerInvoke = EventsPerInvocation, Description = "gunzip only")]
    public int Gunzip()
    {
        var bytes = 0;
        foreach (var payload in _pool.Payloads)
        {
            bytes += _decoder.Gunzip(payload.Gzip).Length;
        }

        return bytes;
    }

    [Benchmark(Baseline = true, OperationsPerInvoke = EventsPerInvocation, Description = "gunzip + tokenize")]
    public int GunzipTokenize()
    {
        var events = 0;
        foreach (var payload in _pool.Payloads)
        {
            events += _decoder.GunzipAndTokenize(payload.Gzip);
        }

        return events;
    }

    [Benchmark(OperationsPerInvoke = EventsPerInvocation, Description = "gunzip + JsonDocument")]
    public int GunzipDocument()
    {
        var events = 0;
        foreach (var payload in _pool.Payloads)
        {
            events += _decoder.GunzipAndParseDocument(payload.Gzip);
        }

        return events;
    }
}
