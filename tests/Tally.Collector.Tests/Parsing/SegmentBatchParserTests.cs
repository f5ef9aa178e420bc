using System.Text;
using Tally.Collector.Http;
using Tally.Collector.Parsing;
using Tally.Core.Events;

namespace Tally.Collector.Tests.Parsing;

public class SegmentBatchParserTests
{
    private static readonly DateTimeOffset ReceivedAt = new(2026, 3, 1, 12, 0, 0, TimeSpan.Zero);
    private readonly SegmentBatchParser _parser = new(EventLimits.Default);

    private NormalisedRequest Batch(string json, string appId = "app_1") =>
        _parser.ParseBatch(Encoding.UTF8.GetBytes(json)).Normalise(appId, ReceivedAt);

    private TallyEvent One(string eventJson) => Assert.Single(Batch($$"""{"batch":[{{eventJson}}]}""").Accepted);

    private RejectedEvent Rejected(string eventJson)
    {
        var result = Batch($$"""{"batch":[{{eventJson}}]}""");
        Assert.Empty(result.Accepted);
        return Assert.Single(result.Rejected);
    }

    private RequestError Refused(string json) =>
        Assert.Throws<RequestRejectedException>(() => _parser.ParseBatch(Encoding.UTF8.GetBytes(json))).Error;

    [Fact]
    public void Maps_every_field()
    {
        var e = One("""
            {"type":"track","messageId":"m-1","anonymousId":"anon-1","userId":"user-1","event":"Purchased",
             "name":"n","groupId":"g","previousId":"p","timestamp":"2026-03-01T11:59:00.500+01:00",
             "properties":{"price":9.99,"tags":["a"]},"traits":{"plan":"pro"},
             "context":{"app":{"name":"Demo","version":"1.2.3","build":"45","namespace":"com.demo"},
                        "device":{"id":"d1","manufacturer":"Apple","model":"iPhone15,2","type":"ios"},
                        "os":{"name":"iOS","version":"18.1"},"locale":"de-DE","timezone":"Europe/Berlin",
                        "library":{"name":"analytics-ios","version":"4.1.0"},
                        "location":{"country":"DE","city":"Berlin","latitude":52.52,"longitude":13.4},
                        "sessionId":"s-9","ip":"203.0.113.7","traits":{"ignored":true},"screen":{"width":1}},
             "integrations":{"All":true},"unknownField":[1,{"x":2}]}
            """);

        Assert.Equal(EventType.Track, e.Type);
        Assert.Equal("app_1", e.AppId);
        Assert.Equal("m-1", e.MessageId);
        Assert.Equal("anon-1", e.AnonymousId);
        Assert.Equal("user-1", e.UserId);
        Assert.Equal("Purchased", e.Event);
        Assert.Equal("n", e.Name);
        Assert.Equal("g", e.GroupId);
        Assert.Equal("p", e.PreviousId);
        Assert.Equal(new DateTimeOffset(2026, 3, 1, 10, 59, 0, 500, TimeSpan.Zero), e.Timestamp);
        Assert.Null(e.SentAt);
        Assert.Equal(ReceivedAt, e.ReceivedAt);
        Assert.Equal(e.Timestamp, e.EventTime);
        Assert.Equal("""{"price":9.99,"tags":["a"]}""", Encoding.UTF8.GetString(e.Properties.Span));
        Assert.Equal("""{"plan":"pro"}""", Encoding.UTF8.GetString(e.Traits.Span));
        Assert.Equal(new EventContext
        {
            AppName = "Demo", AppVersion = "1.2.3", AppBuild = "45", AppNamespace = "com.demo",
            DeviceId = "d1", DeviceManufacturer = "Apple", DeviceModel = "iPhone15,2", DeviceType = "ios",
            OsName = "iOS", OsVersion = "18.1", Locale = "de-DE", Timezone = "Europe/Berlin",
            LibraryName = "analytics-ios", LibraryVersion = "4.1.0", Country = "DE", City = "Berlin",
            Latitude = 52.52, Longitude = 13.4, SessionId = "s-9", Ip = "203.0.113.7",
        }, e.Context);
    }

    [Fact]
    public void Numeric_ids_and_context_values_become_their_text()
    {
        var e = One("""{"type":"identify","userId":12345,"messageId":7,"context":{"app":{"build":45},"sessionId":1700000000123}}""");

        Assert.Equal("12345", e.UserId);
        Assert.Equal("7", e.MessageId);
        Assert.Equal("45", e.Context.AppBuild);
        Assert.Equal("1700000000123", e.Context.SessionId);
    }

    [Fact]
    public void Missing_message_ids_are_assigned_and_unique()
    {
        var events = Batch("""{"batch":[{"type":"track","userId":"u","event":"a"},{"type":"track","userId":"u","event":"b","messageId":""}]}""").Accepted;

        Assert.All(events, e => Assert.False(string.IsNullOrEmpty(e.MessageId)));
        Assert.NotEqual(events[0].MessageId, events[1].MessageId);
    }

    [Fact]
    public void Empty_ids_count_as_missing()
    {
        var e = One("""{"type":"track","anonymousId":"","userId":"u1","event":"a"}""");

        Assert.Null(e.AnonymousId);
        Assert.Equal("u1", e.User);
    }

    [Fact]
    public void Batch_level_sent_at_corrects_the_device_clock()
    {
        // The device clock is 1 h fast: it sent at 13:00 by its clock, which was 12:00 real time.
        var result = Batch("""
            {"batch":[{"type":"track","userId":"u","event":"a","timestamp":"2026-03-01T12:59:30Z"}],
             "sentAt":"2026-03-01T13:00:00Z"}
            """);

        var e = Assert.Single(result.Accepted);
        Assert.Equal(ReceivedAt.AddSeconds(-30), e.EventTime);
        Assert.Equal(new DateTimeOffset(2026, 3, 1, 13, 0, 0, TimeSpan.Zero), e.SentAt);
        Assert.False(e.EventTimeClamped);
    }

    [Fact]
    public void Event_level_sent_at_wins_over_the_batch_one()
    {
        var result = Batch("""
            {"sentAt":"2026-03-01T13:00:00Z",
             "batch":[{"type":"track","userId":"u","event":"a","timestamp":"2026-03-01T08:00:00Z","sentAt":"2026-03-01T08:00:10Z"}]}
            """);

        Assert.Equal(ReceivedAt.AddSeconds(-10), Assert.Single(result.Accepted).EventTime);
    }

    [Fact]
    public void An_event_time_far_in_the_future_is_clamped()
    {
        var e = One("""{"type":"track","userId":"u","event":"a","timestamp":"2026-03-05T12:00:00Z"}""");

        Assert.Equal(ReceivedAt, e.EventTime);
        Assert.True(e.EventTimeClamped);
    }

    [Fact]
    public void A_timestamp_without_offset_is_utc()
    {
        var e = One("""{"type":"track","userId":"u","event":"a","timestamp":"2026-03-01T11:00:00"}""");

        Assert.Equal(new DateTimeOffset(2026, 3, 1, 11, 0, 0, TimeSpan.Zero), e.Timestamp);
    }

    [Fact]
    public void Batch_level_context_is_a_default_and_the_events_own_fields_win()
    {
        var result = Batch("""
            {"context":{"app":{"name":"Demo","version":"1.0"},"os":{"name":"Android"},"ip":"198.51.100.1"},
             "batch":[{"type":"track","userId":"u","event":"a","context":{"app":{"version":"2.0"}}},
                      {"type":"track","userId":"u","event":"b"}]}
            """);

        Assert.Equal(("Demo", "2.0", "Android", "198.51.100.1"), Summary(result.Accepted[0].Context));
        Assert.Equal(("Demo", "1.0", "Android", "198.51.100.1"), Summary(result.Accepted[1].Context));

        static (string?, string?, string?, string?) Summary(EventContext c) => (c.AppName, c.AppVersion, c.OsName, c.Ip);
    }

    [Fact]
    public void Identical_contexts_of_one_batch_share_one_instance()
    {
        const string Context = """{"app":{"version":"1.0"},"sessionId":"s1"}""";
        var result = Batch($$$"""
            {"batch":[{"type":"track","userId":"u","event":"a","context":{{{Context}}}},
                      {"type":"track","userId":"u","event":"b","context":{{{Context}}}},
                      {"type":"track","userId":"u","event":"c","context":{"app":{"version":"1.0"},"sessionId":"s2"}}]}
            """);

        Assert.Same(result.Accepted[0].Context, result.Accepted[1].Context);
        Assert.Equal("s2", result.Accepted[2].Context.SessionId);
    }

    [Fact]
    public void Ids_and_names_repeated_within_a_batch_are_shared_and_keep_their_values()
    {
        var names = new[] { "Level Started", "Menü geöffnet", "Level Started", "Menü geöffnet", "Level Completed" };
        var events = names.Select(name => $$"""{"type":"track","anonymousId":"a-1","userId":"u-1","event":"{{name}}"}""");
        var result = Batch($$"""{"batch":[{{string.Join(",", events)}}]}""");

        Assert.Equal(names, result.Accepted.Select(e => e.Event));
        Assert.All(result.Accepted, e => Assert.Same(result.Accepted[0].AnonymousId, e.AnonymousId));
        Assert.All(result.Accepted, e => Assert.Same(result.Accepted[0].UserId, e.UserId));
        Assert.Same(result.Accepted[0].Event, result.Accepted[2].Event);
    }

    [Fact]
    public void Write_key_is_read_from_the_body()
    {
        var request = _parser.ParseBatch("""{"batch":[],"writeKey":"wk_1"}"""u8.ToArray());

        Assert.Equal("wk_1", request.WriteKey);
        Assert.Equal(0, request.EventCount);
    }

    [Fact]
    public void Single_event_takes_its_type_from_the_path_and_reads_its_write_key()
    {
        var request = _parser.ParseSingle("""{"type":"track","userId":"u","name":"Home","writeKey":"wk_2"}"""u8.ToArray(), EventType.Screen);

        var e = Assert.Single(request.Normalise("app_1", ReceivedAt).Accepted);
        Assert.Equal(EventType.Screen, e.Type);
        Assert.Equal("Home", e.Name);
        Assert.Equal("wk_2", request.WriteKey);
    }

    [Theory]
    [InlineData("""{"userId":"u","event":"a"}""", RejectReason.MissingType)]
    [InlineData("""{"type":"purchase","userId":"u","event":"a"}""", RejectReason.UnknownType)]
    [InlineData("""{"type":7,"userId":"u","event":"a"}""", RejectReason.UnknownType)]
    [InlineData("""{"type":"track","userId":"u","event":"a","timestamp":"01/02/2026"}""", RejectReason.InvalidTimestamp)]
    [InlineData("""{"type":"track","userId":"u","event":"a","timestamp":1700000000}""", RejectReason.InvalidTimestamp)]
    [InlineData("""{"type":"track","userId":"u","event":"a","sentAt":"soon"}""", RejectReason.InvalidTimestamp)]
    [InlineData("""{"type":"track","event":"a"}""", RejectReason.MissingUser)]
    [InlineData("""{"type":"track","anonymousId":"","userId":null,"event":"a"}""", RejectReason.MissingUser)]
    [InlineData("""{"type":"track","userId":"u"}""", RejectReason.MissingEventName)]
    [InlineData("""{"type":"track","userId":"u","event":""}""", RejectReason.MissingEventName)]
    [InlineData("""{"type":"track","userId":"u","event":"a","properties":[1]}""", RejectReason.InvalidField)]
    [InlineData("""{"type":"identify","userId":"u","traits":"pro"}""", RejectReason.InvalidField)]
    [InlineData("""{"type":"track","userId":true,"event":"a"}""", RejectReason.InvalidField)]
    [InlineData("""{"type":"track","userId":"u","event":"a","context":"x"}""", RejectReason.InvalidField)]
    [InlineData("""{"type":"track","userId":"u","event":"a","context":{"app":[]}}""", RejectReason.InvalidField)]
    [InlineData("""{"type":"track","userId":"u","event":"a","context":{"location":{"latitude":"52"}}}""", RejectReason.InvalidField)]
    [InlineData("\"not an event\"", RejectReason.NotAnObject)]
    [InlineData("[1,2]", RejectReason.NotAnObject)]
    [InlineData("null", RejectReason.NotAnObject)]
    public void Rejects_a_bad_event_with_its_reason_and_raw_json(string eventJson, RejectReason reason)
    {
        var rejected = Rejected(eventJson);

        Assert.Equal(reason, rejected.Letter.Reason);
        Assert.Equal(0, rejected.Index);
        Assert.Equal("app_1", rejected.Letter.AppId);
        Assert.Equal(ReceivedAt, rejected.Letter.ReceivedAt);
        Assert.Equal(eventJson, Encoding.UTF8.GetString(rejected.Letter.RawEvent.Span));
        Assert.False(string.IsNullOrWhiteSpace(rejected.Letter.Detail));
    }

    [Fact]
    public void Rejects_a_string_over_the_length_limit()
    {
        string id = new('x', EventLimits.Default.MaxStringLength + 1);

        Assert.Equal(RejectReason.FieldTooLong, Rejected($$"""{"type":"track","userId":"{{id}}","event":"a"}""").Letter.Reason);
        Assert.Equal(RejectReason.FieldTooLong, Rejected("""{"type":"track","userId":"u","event":"a","context":{"os":{"name":""" + $"\"{id}\"" + "}}}").Letter.Reason);
    }

    [Fact]
    public void A_string_at_the_length_limit_is_accepted_even_when_escaped()
    {
        string escaped = string.Concat(Enumerable.Repeat("\\u00e9", EventLimits.Default.MaxStringLength));

        Assert.Equal(EventLimits.Default.MaxStringLength, One($$"""{"type":"track","userId":"{{escaped}}","event":"a"}""").UserId!.Length);
    }

    [Fact]
    public void An_invalid_batch_sent_at_rejects_the_events_that_rely_on_it()
    {
        var result = Batch("""
            {"sentAt":"later","batch":[{"type":"track","userId":"u","event":"a"},
                                       {"type":"track","userId":"u","event":"b","sentAt":"2026-03-01T12:00:00Z"}]}
            """);

        Assert.Equal("b", Assert.Single(result.Accepted).Event);
        Assert.Equal(RejectReason.InvalidTimestamp, Assert.Single(result.Rejected).Letter.Reason);
    }

    [Fact]
    public void Good_and_bad_events_are_separated_and_keep_their_batch_index()
    {
        var result = Batch("""{"batch":[{"type":"track","userId":"u","event":"a"},3,{"type":"track"},{"type":"page","userId":"u"}]}""");

        Assert.Equal([EventType.Track, EventType.Page], result.Accepted.Select(e => e.Type));
        Assert.Equal([1, 2], result.Rejected.Select(r => r.Index));
    }

    [Theory]
    [InlineData("""{"batch":[""")]
    [InlineData("""{"batch":[{"type":"track",}]}""")]
    [InlineData("""{"batch":[]} trailing""")]
    [InlineData("")]
    public void Malformed_json_refuses_the_request(string json)
    {
        var error = Refused(json);

        Assert.Equal((400, "invalid_json"), (error.StatusCode, error.Code));
    }

    [Theory]
    [InlineData("""{"sentAt":"2026-03-01T12:00:00Z"}""")]
    [InlineData("""{"batch":{"type":"track"}}""")]
    [InlineData("""[{"type":"track"}]""")]
    [InlineData("""{"batch":[],"context":"x"}""")]
    [InlineData("""{"batch":[],"writeKey":5}""")]
    public void A_body_without_a_batch_array_refuses_the_request(string json)
    {
        var error = Refused(json);

        Assert.Equal((400, "invalid_body"), (error.StatusCode, error.Code));
    }

    [Fact]
    public void Too_many_events_refuses_the_request()
    {
        var parser = new SegmentBatchParser(EventLimits.Default with { MaxBatchEvents = 2 });
        string json = """{"batch":[{"type":"track","userId":"u","event":"a"},{},{}]}""";

        var error = Assert.Throws<RequestRejectedException>(() => parser.ParseBatch(Encoding.UTF8.GetBytes(json))).Error;

        Assert.Equal((400, "too_many_events"), (error.StatusCode, error.Code));
    }

    [Fact]
    public void An_event_over_the_size_limit_refuses_the_request()
    {
        var parser = new SegmentBatchParser(EventLimits.Default with { MaxEventBytes = 100 });
        string json = $$$"""{"batch":[{"type":"track","userId":"u","event":"a","properties":{"pad":"{{{new string('x', 100)}}}"}}]}""";

        var error = Assert.Throws<RequestRejectedException>(() => parser.ParseBatch(Encoding.UTF8.GetBytes(json))).Error;

        Assert.Equal((413, "event_too_large"), (error.StatusCode, error.Code));
    }

    [Fact]
    public void Escaped_property_names_are_understood()
    {
        var e = One("""{"\u0074ype":"track","user\u0049d":"u","event":"a"}""");

        Assert.Equal(("u", EventType.Track), (e.UserId, e.Type));
    }
}
