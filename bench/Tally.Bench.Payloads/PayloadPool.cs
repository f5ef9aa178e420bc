using System.IO.Compression;

namespace Tally.Bench.Payloads;

/// <summary>
/// Batches generated and gzip-compressed once, up front, so a load run spends its CPU on
/// sending rather than on producing JSON, and every consumer (HTTP load, bare decode,
/// BenchmarkDotNet) measures the very same bytes. Reusing the pool repeats message ids,
/// which does not matter for collector throughput: the collector does not deduplicate.
/// </summary>
public sealed class PayloadPool
{
    private PayloadPool(Payload[] payloads, long eventBytes)
    {
        Payloads = payloads;
        EventCount = payloads.Sum(p => p.EventCount);
        JsonBytes = payloads.Sum(p => (long)p.JsonLength);
        GzipBytes = payloads.Sum(p => (long)p.Gzip.Length);
        EventBytes = eventBytes;
    }

    public IReadOnlyList<Payload> Payloads { get; }

    public int EventCount { get; }

    /// <summary>Uncompressed bytes of all batch bodies.</summary>
    public long JsonBytes { get; }

    /// <summary>Compressed bytes of all batch bodies, as sent.</summary>
    public long GzipBytes { get; }

    /// <summary>Bytes of the events alone (without batch envelope and separators).</summary>
    public long EventBytes { get; }

    public double MeanEventBytes => (double)EventBytes / EventCount;

    public static PayloadPool Create(PayloadPoolOptions options)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(options.Batches);
        var generator = new MobileEventGenerator(options.Seed, options.Start);
        var payloads = new Payload[options.Batches];
        long eventBytes = 0;
        for (var i = 0; i < payloads.Length; i++)
        {
            var batch = generator.NextBatch(options.EventsPerBatch);
            payloads[i] = new Payload(Compress(batch.Json), batch.Json.Length, batch.EventCount, batch.AppIndex);
            eventBytes += batch.EventBytes;
        }

        return new PayloadPool(payloads, eventBytes);
    }

    /// <summary>Default zlib level, as the mobile SDKs compress their uploads.</summary>
    public static byte[] Compress(ReadOnlySpan<byte> json)
    {
        using var output = new MemoryStream();
        using (var gzip = new GZipStream(output, CompressionLevel.Optimal, leaveOpen: true))
        {
            gzip.Write(json);
        }

        return output.ToArray();
    }
}
