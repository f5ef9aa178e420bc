using System.IO.Compression;
using System.Text.Json;
using Tally.Bench.Payloads;

namespace Tally.Load.Tests.Payloads;

public sealed class PayloadPoolTests
{
    [Fact]
    public void Every_payload_gunzips_to_a_batch_object_of_100_events()
    {
        var pool = PayloadPool.Create(PayloadPoolOptions.Default with { Batches = 16 });

        Assert.Equal(16, pool.Payloads.Count);
        Assert.Equal(1_600, pool.EventCount);
        foreach (var payload in pool.Payloads)
        {
            var json = Gunzip(payload.Gzip);
            Assert.Equal(payload.JsonLength, json.Length);
            using var document = JsonDocument.Parse(json);
            Assert.Equal(JsonValueKind.Object, document.RootElement.ValueKind);
            Assert.Equal(100, document.RootElement.GetProperty("batch").GetArrayLength());
            Assert.Equal(100, payload.EventCount);
        }
    }

    [Fact]
    public void Payloads_are_reproducible_for_the_same_options()
    {
        var options = PayloadPoolOptions.Default with { Batches = 4 };

        var first = PayloadPool.Create(options);
        var second = PayloadPool.Create(options);

        Assert.Equal(first.Payloads.Select(p => Gunzip(p.Gzip)), second.Payloads.Select(p => Gunzip(p.Gzip)));
    }

    private static byte[] Gunzip(byte[] gzip)
    {
        using var output = new MemoryStream();
        using (var stream = new GZipStream(new MemoryStream(gzip), CompressionMode.Decompress))
        {
            stream.CopyTo(output);
        }

        return output.ToArray();
    }
}
