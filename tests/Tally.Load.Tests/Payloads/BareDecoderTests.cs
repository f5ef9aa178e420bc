using Tally.Bench.Payloads;

namespace Tally.Load.Tests.Payloads;

public sealed class BareDecoderTests
{
    [Fact]
    public void Both_parse_variants_find_every_event_of_each_batch()
    {
        var pool = PayloadPool.Create(PayloadPoolOptions.Default with { Batches = 8 });
        using var decoder = new BareDecoder();

        foreach (var payload in pool.Payloads)
        {
            Assert.Equal(payload.JsonLength, decoder.Gunzip(payload.Gzip).Length);
            Assert.Equal(payload.EventCount, decoder.GunzipAndTokenize(payload.Gzip));
            Assert.Equal(payload.EventCount, decoder.GunzipAndParseDocument(payload.Gzip));
        }
    }

    [Fact]
    public void A_body_larger_than_the_initial_buffer_is_decoded_whole()
    {
        // ~750 bytes x 1,000 events is several times the decoder's initial buffer.
        var pool = PayloadPool.Create(PayloadPoolOptions.Default with { Batches = 1, EventsPerBatch = 1_000 });
        var payload = pool.Payloads[0];
        using var decoder = new BareDecoder();

        Assert.Equal(payload.JsonLength, decoder.Gunzip(payload.Gzip).Length);
        Assert.Equal(1_000, decoder.GunzipAndTokenize(payload.Gzip));
        Assert.Equal(1_000, decoder.GunzipAndParseDocument(payload.Gzip));
    }
}
