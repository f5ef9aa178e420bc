using Tally.Archive.Parquet;
using Tally.Core.Events;

namespace Tally.Archive.Tests.Parquet;

public class ArchivedColumnsTests
{
    private static readonly ArchivedEvent First = new(new TallyEvent
    {
        Type = EventType.Track,
        AppId = "app-1",
        MessageId = "m-1",
        AnonymousId = "anon-1",
        Event = "Level Won",
        Timestamp = DateTimeOffset.FromUnixTimeMilliseconds(1_700_000_000_000),
        ReceivedAt = DateTimeOffset.FromUnixTimeMilliseconds(1_700_000_001_000),
        EventTime = DateTimeOffset.FromUnixTimeMilliseconds(1_700_000_000_500),
        Context = new EventContext { AppVersion = "3.1.0", Country = "FR", Latitude = 48.8, SessionId = "s-1" },
        Properties = """{"level":3}"""u8.ToArray(),
    }, LogPartition: 2, LogOffset: 42);

    private static readonly ArchivedEvent Second = new(First.Event with
    {
        Type = EventType.Screen,
        MessageId = "m-2",
        AnonymousId = null,
        UserId = "user-2",
        Event = null,
        Name = "Home",
        Context = First.Event.Context with { SessionId = "s-2" },
        Properties = default,
        Traits = """{"plan":"pro"}"""u8.ToArray(),
    }, LogPartition: 2, LogOffset: 43);

    [Fact]
    public async Task Columns_read_back_every_event_as_archived()
    {
        var columns = Assert.Single(await ReadAsync(EventColumns.All));

        Assert.Equal(2, columns.Count);
        AssertSameEvent(First, columns.ArchivedAt(0));
        AssertSameEvent(Second, columns.ArchivedAt(1));
        Assert.Equal(("anon-1", "user-2"), (columns.UserOf(0), columns.UserOf(1)));
        Assert.False(columns.SameContext(0, 1));
    }

    [Fact]
    public async Task A_column_left_out_is_empty_and_its_values_read_as_null()
    {
        var columns = Assert.Single(await ReadAsync(EventColumns.Only("anonymous_id", "context_country")));

        Assert.Empty(columns.UserId);
        Assert.Empty(columns.SessionId);
        Assert.Equal(("anon-1", null), (columns.AnonymousId[0], columns.AnonymousId[1]));
        var e = columns.EventAt(1, columns.ContextAt(1));
        Assert.Equal(("app-1", "m-2", EventType.Screen), (e.AppId, e.MessageId, e.Type));
        Assert.Equal((null, null, "FR"), (e.UserId, e.Context.SessionId, e.Context.Country));
        // The sessions differ, but the session column was not read.
        Assert.True(columns.SameContext(0, 1));
    }

    [Fact]
    public void From_events_holds_the_events_as_given()
    {
        var columns = ArchivedColumns.FromEvents([First, Second]);

        AssertSameEvent(First, columns.ArchivedAt(0));
        AssertSameEvent(Second, columns.ArchivedAt(1));
    }

    private static void AssertSameEvent(ArchivedEvent expected, ArchivedEvent actual)
    {
        Assert.Equal(expected with { Event = Bare(expected.Event) }, actual with { Event = Bare(actual.Event) });
        Assert.Equal(expected.Event.Properties.ToArray(), actual.Event.Properties.ToArray());
        Assert.Equal(expected.Event.Traits.ToArray(), actual.Event.Traits.ToArray());
    }

    // JSON is compared by bytes: the record compares memory by reference.
    private static TallyEvent Bare(TallyEvent e) => e with { Properties = default, Traits = default };

    private static async Task<List<ArchivedColumns>> ReadAsync(EventColumns columns)
    {
        using var file = new MemoryStream();
        await EventParquetWriter.WriteAsync([First, Second], file);
        file.Position = 0;
        var groups = new List<ArchivedColumns>();
        await foreach (var group in EventParquetReader.ReadColumnGroupsAsync(file, columns))
        {
            groups.Add(group);
        }
        return groups;
    }
}
