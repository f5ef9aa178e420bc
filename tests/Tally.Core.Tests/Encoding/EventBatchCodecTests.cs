using Tally.Core.Encoding;
using Tally.Core.Events;

namespace Tally.Core.Tests.Encoding;

public class EventBatchCodecTests
{
    private static readonly DateTimeOffset T0 = DateTimeOffset.FromUnixTimeMilliseconds(1_790_000_000_123);

    private static TallyEvent Full() => new()
    {
        Type = EventType.Track,
        AppId = "app_1",
        MessageId = "m-1",
        AnonymousId = "anon-ü",
        UserId = "user-1",
        Event = "Purchase Completed",
        Timestamp = T0.AddSeconds(-5),
        SentAt = T0.AddSeconds(-1),
        ReceivedAt = T0,
        EventTime = T0.AddSeconds(-4),
        EventTimeClamped = true,
        Context = new EventContext
        {
            AppName = "Demo", AppVersion = "1.2.3", AppBuild = "45", AppNamespace = "com.demo",
            DeviceId = "d1", DeviceManufacturer = "Apple", DeviceModel = "iPhone15,2", DeviceType = "ios",
            OsName = "iOS", OsVersion = "18.1", Locale = "de-DE", Timezone = "Europe/Berlin",
            LibraryName = "tally-dotnet", LibraryVersion = "0.1.0", Country = "DE", City = "Berlin",
            Latitude = 52.52, Longitude = -13.4, SessionId = "s-9", Ip = "203.0.113.7",
        },
        Properties = System.Text.Encoding.UTF8.GetBytes("""{"price":9.99,"items":["a","b"]}"""),
        Traits = System.Text.Encoding.UTF8.GetBytes("""{"plan":"pro"}"""),
    };

    [Fact]
    public void Round_trips_every_field()
    {
        var original = Full();
        var decoded = Assert.Single(EventBatchReader.Decode(EventBatchWriter.Encode([original])));

        Assert.Equal(original.Context, decoded.Context);
        Assert.Equal(original.Properties.ToArray(), decoded.Properties.ToArray());
        Assert.Equal(original.Traits.ToArray(), decoded.Traits.ToArray());
        Assert.Equal(
            original with { Properties = default, Traits = default },
            decoded with { Properties = default, Traits = default });
    }

    [Fact]
    public void Round_trips_a_minimal_event_and_many_events()
    {
        var minimal = new TallyEvent
        {
            Type = EventType.Identify, AppId = "a", MessageId = "m", UserId = "u",
            ReceivedAt = T0, EventTime = T0,
        };
        var batch = Enumerable.Range(0, 300).Select(i => i % 2 == 0 ? minimal with { MessageId = $"m{i}" } : Full()).ToList();

        var decoded = EventBatchReader.Decode(EventBatchWriter.Encode(batch));

        Assert.Equal(batch.Count, decoded.Count);
        Assert.Equal(batch[0], decoded[0]);
        Assert.Null(decoded[0].Timestamp);
        Assert.Null(decoded[0].Context.Latitude);
        Assert.Equal(EventContext.Empty, decoded[0].Context);
    }

    [Fact]
    public void Round_trips_events_that_share_or_alternate_context_instances()
    {
        var shared = Full().Context;
        var other = shared with { SessionId = "s-10", Latitude = null };
        var contexts = new[] { shared, shared, other, shared, EventContext.Empty, other, other };
        var batch = contexts.Select((c, i) => Full() with { MessageId = $"m{i}", Context = c }).ToList();

        var decoded = EventBatchReader.Decode(EventBatchWriter.Encode(batch));

        Assert.Equal(contexts, decoded.Select(e => e.Context));
    }

    [Theory]
    [InlineData(41, 'a')]
    [InlineData(42, 'a')]
    [InlineData(41, '€')]
    [InlineData(42, '€')]
    [InlineData(200, 'ü')]
    public void Round_trips_strings_around_the_one_byte_length_prefix(int length, char c)
    {
        var text = new string(c, length);
        var original = Full() with { MessageId = text, Context = new EventContext { City = text } };

        var decoded = Assert.Single(EventBatchReader.Decode(EventBatchWriter.Encode([original])));

        Assert.Equal(text, decoded.MessageId);
        Assert.Equal(text, decoded.Context.City);
    }

    [Fact]
    public void Is_much_smaller_than_empty_fields_would_suggest()
    {
        var minimal = new TallyEvent
        {
            Type = EventType.Track, AppId = "a", MessageId = "m", UserId = "u", Event = "e",
            ReceivedAt = T0, EventTime = T0,
        };
        // 2 header + ~6+6 per time + 4 short strings + 26 absent strings + 2 empty blobs.
        Assert.True(EventBatchWriter.Encode([minimal]).Length < 64);
    }

    [Fact]
    public void Rejects_truncated_and_corrupt_records()
    {
        byte[] record = EventBatchWriter.Encode([Full()]);
        for (int length = 0; length < record.Length; length++)
        {
            Assert.Throws<InvalidDataException>(() => EventBatchReader.Decode(record.AsMemory(0, length)));
        }
        byte[] wrongVersion = (byte[])record.Clone();
        wrongVersion[0] = 99;
        Assert.Throws<InvalidDataException>(() => EventBatchReader.Decode(wrongVersion));
        Assert.Throws<InvalidDataException>(() => EventBatchReader.Decode(record.Append((byte)0).ToArray()));
    }

    [Fact]
    public void Writes_a_devices_shared_fields_once_and_decodes_them_to_one_instance()
    {
        var first = Full();
        var batch = Enumerable.Range(0, 100).Select(i => first with { MessageId = $"m{i}", Context = first.Context with { } }).ToList();

        byte[] record = EventBatchWriter.Encode(batch);
        var decoded = EventBatchReader.Decode(record);

        Assert.Equal(batch.Select(e => e.Context), decoded.Select(e => e.Context));
        Assert.All(decoded, e => Assert.Same(decoded[0].Context, e.Context));
        Assert.All(decoded, e => Assert.Equal("anon-ü", e.AnonymousId));
        Assert.All(decoded, e => Assert.Equal("app_1", e.AppId));
        // The first event carries the ~150 bytes of context; each later one only what differs.
        int firstEventBytes = EventBatchWriter.Encode([first]).Length;
        Assert.True(record.Length < firstEventBytes + 99 * (firstEventBytes / 2), $"{record.Length} bytes for 100 events of {firstEventBytes} bytes alone");
    }

    [Fact]
    public void Round_trips_anonymous_ids_and_apps_that_change_within_a_record()
    {
        var anonymousIds = new[] { "a1", "a1", null, null, "a1", "a2", "a2" };
        var apps = new[] { "x", "x", "x", "y", "y", "x", "x" };
        var batch = anonymousIds.Select((id, i) => Full() with { MessageId = $"m{i}", AnonymousId = id, AppId = apps[i] }).ToList();

        var decoded = EventBatchReader.Decode(EventBatchWriter.Encode(batch));

        Assert.Equal(anonymousIds, decoded.Select(e => e.AnonymousId));
        Assert.Equal(apps, decoded.Select(e => e.AppId));
    }

    /// <summary>
    /// A format-1 record (every field inline), as logs written before format 2 hold it: a track
    /// event with context and properties, a screen event with the same context, an identify.
    /// </summary>
    [Fact]
    public void Reads_records_of_format_1()
    {
        const string Format1 =
            "AQMBCrbzgsWYaPaxg8WYaObjgsWYaAZhcHBfMQRtLTEHYW5vbi0xAAlMZXZlbCBVcAAAAAVEZW1vBjEuMi4zAAAAAAtpUGhvbmUxNSwyAARpT1MFMTguMQAAAAADREUAw/UoXI9CSkAEcy05AAt7ImxldmVsIjozfQACCrbzgsWYaPaxg8WYaObjgsWYaAZhcHBfMQRtLTIHYW5vbi0xAAAFSG9tZQAABURlbW8GMS4yLjMAAAAAC2lQaG9uZTE1LDIABGlPUwUxOC4xAAAAAANERQDD9Shcj0JKQARzLTkAAAADAPaxg8WYaPaxg8WYaAZhcHBfMQRtLTMHYW5vbi0xBHUtNwAAAAAAAAAAAAAAAAAAAAAAAAAAAAAADnsicGxhbiI6InBybyJ9";
        var context = new EventContext
        {
            AppName = "Demo", AppVersion = "1.2.3", DeviceModel = "iPhone15,2", OsName = "iOS", OsVersion = "18.1",
            Country = "DE", Latitude = 52.52, SessionId = "s-9",
        };

        var decoded = EventBatchReader.Decode(Convert.FromBase64String(Format1));

        Assert.Equal([EventType.Track, EventType.Screen, EventType.Identify], decoded.Select(e => e.Type));
        Assert.Equal(["m-1", "m-2", "m-3"], decoded.Select(e => e.MessageId));
        Assert.Equal(context, decoded[0].Context);
        Assert.Equal(context, decoded[1].Context);
        Assert.Equal(EventContext.Empty, decoded[2].Context);
        Assert.Equal("Level Up", decoded[0].Event);
        Assert.Equal("Home", decoded[1].Name);
        Assert.Equal("u-7", decoded[2].UserId);
        Assert.Equal("""{"level":3}""", System.Text.Encoding.UTF8.GetString(decoded[0].Properties.Span));
        Assert.Equal("""{"plan":"pro"}""", System.Text.Encoding.UTF8.GetString(decoded[2].Traits.Span));
        Assert.All(decoded, e => Assert.Equal("app_1", e.AppId));
    }

    [Fact]
    public void Rejects_a_first_event_that_refers_to_a_previous_one()
    {
        byte[] record = EventBatchWriter.Encode([Full()]);
        record[3] |= 0x80; // [format][count][type][flags]: "same context as before" on the first event

        var error = Assert.Throws<InvalidDataException>(() => EventBatchReader.Decode(record));
        Assert.Contains("previous event", error.Message);
    }
}
