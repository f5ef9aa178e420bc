using System.Globalization;
using System.Text.Json;
using Tally.Bench.Payloads;

namespace Tally.Load.Tests.Payloads;

public sealed class MobileEventGeneratorTests
{
    private static readonly DateTimeOffset Start = new(2026, 11, 26, 10, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Same_seed_and_start_give_the_same_bytes()
    {
        var first = new MobileEventGenerator(7, Start);
        var second = new MobileEventGenerator(7, Start);

        for (var i = 0; i < 20; i++)
        {
            Assert.Equal(first.NextBatch(100).Json, second.NextBatch(100).Json);
        }
    }

    [Fact]
    public void Different_seeds_give_different_batches()
    {
        var first = new MobileEventGenerator(7, Start).NextBatch(100);
        var second = new MobileEventGenerator(8, Start).NextBatch(100);

        Assert.NotEqual(first.Json, second.Json);
    }

    [Fact]
    public void Mean_event_size_is_that_of_a_compact_mobile_event()
    {
        var pool = PayloadPool.Create(PayloadPoolOptions.Default with { Batches = 64 });

        // The brief asked for ~500 bytes, but the context it lists (app, device, os, locale,
        // timezone, library, location, session, network, screen) plus three UUIDs already
        // takes ~650; this pins the realistic size the results are reported for.
        Assert.InRange(pool.MeanEventBytes, 600, 900);
    }

    [Fact]
    public void Event_bytes_add_up_to_the_batch_minus_envelope_and_separators()
    {
        var batch = new MobileEventGenerator(3, Start).NextBatch(50);
        using var document = JsonDocument.Parse(batch.Json);
        var sum = document.RootElement.GetProperty("batch").EnumerateArray().Sum(e => (long)e.GetRawText().Length);

        Assert.Equal(sum, batch.EventBytes);
    }

    [Fact]
    public void Every_event_is_a_well_formed_segment_event()
    {
        var generator = new MobileEventGenerator(11, Start);
        var types = new HashSet<string>();
        for (var b = 0; b < 50; b++)
        {
            var batch = generator.NextBatch(100);
            Assert.InRange(batch.AppIndex, 0, MobileEventGenerator.AppCount - 1);
            using var document = JsonDocument.Parse(batch.Json);
            var events = document.RootElement.GetProperty("batch");
            Assert.Equal(100, events.GetArrayLength());
            var sentAt = ParseTimestamp(document.RootElement.GetProperty("sentAt"));
            foreach (var e in events.EnumerateArray())
            {
                var type = e.GetProperty("type").GetString()!;
                types.Add(type);
                AssertSegmentEvent(e, type);
                Assert.True(ParseTimestamp(e.GetProperty("timestamp")) < sentAt, "An SDK sends a batch after its events happened.");
            }
        }

        Assert.Equal(["identify", "screen", "track"], types.Order());
    }

    [Fact]
    public void Message_ids_are_unique_within_a_pool()
    {
        var generator = new MobileEventGenerator(5, Start);
        var ids = new HashSet<string>();
        for (var b = 0; b < 30; b++)
        {
            using var document = JsonDocument.Parse(generator.NextBatch(100).Json);
            foreach (var e in document.RootElement.GetProperty("batch").EnumerateArray())
            {
                Assert.True(ids.Add(e.GetProperty("messageId").GetString()!));
            }
        }
    }

    private static void AssertSegmentEvent(JsonElement e, string type)
    {
        Assert.True(Guid.TryParse(e.GetProperty("messageId").GetString(), out _));
        Assert.False(string.IsNullOrEmpty(e.GetProperty("anonymousId").GetString()));
        Assert.True(e.TryGetProperty("userId", out _));
        switch (type)
        {
            case "track":
                Assert.False(string.IsNullOrEmpty(e.GetProperty("event").GetString()));
                Assert.Equal(JsonValueKind.Object, e.GetProperty("properties").ValueKind);
                break;
            case "screen":
                Assert.False(string.IsNullOrEmpty(e.GetProperty("name").GetString()));
                break;
            case "identify":
                Assert.False(string.IsNullOrEmpty(e.GetProperty("userId").GetString()));
                Assert.Equal(JsonValueKind.Object, e.GetProperty("traits").ValueKind);
                break;
            default:
                Assert.Fail($"Unexpected event type '{type}'.");
                break;
        }

        var context = e.GetProperty("context");
        Assert.False(string.IsNullOrEmpty(context.GetProperty("app").GetProperty("name").GetString()));
        Assert.False(string.IsNullOrEmpty(context.GetProperty("app").GetProperty("version").GetString()));
        Assert.False(string.IsNullOrEmpty(context.GetProperty("device").GetProperty("model").GetString()));
        Assert.False(string.IsNullOrEmpty(context.GetProperty("os").GetProperty("version").GetString()));
        Assert.Equal(2, context.GetProperty("location").GetProperty("country").GetString()!.Length);
        Assert.Equal(MobileEventGenerator.LibraryName, context.GetProperty("library").GetProperty("name").GetString());
        Assert.False(string.IsNullOrEmpty(context.GetProperty("sessionId").GetString()));
    }

    private static DateTimeOffset ParseTimestamp(JsonElement element) =>
        DateTimeOffset.ParseExact(element.GetString()!, "yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal);
}
