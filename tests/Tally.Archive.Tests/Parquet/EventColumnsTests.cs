using Tally.Archive.Parquet;
using Tally.Core.Events;

namespace Tally.Archive.Tests.Parquet;

public class EventColumnsTests
{
    private static readonly ArchivedEvent Archived = new(new TallyEvent
    {
        Type = EventType.Track,
        AppId = "app-1",
        MessageId = "m-1",
        AnonymousId = "anon-1",
        UserId = "user-1",
        Event = "Level Won",
        Name = "Home",
        Timestamp = DateTimeOffset.FromUnixTimeMilliseconds(1_700_000_000_000),
        ReceivedAt = DateTimeOffset.FromUnixTimeMilliseconds(1_700_000_001_000),
        EventTime = DateTimeOffset.FromUnixTimeMilliseconds(1_700_000_000_500),
        EventTimeClamped = true,
        Context = new EventContext { AppVersion = "3.1.0", DeviceId = "device-1", Country = "FR", Latitude = 48.8, SessionId = "s-1" },
        Properties = """{"level":3}"""u8.ToArray(),
        Traits = """{"plan":"pro"}"""u8.ToArray(),
    }, LogPartition: 2, LogOffset: 42);

    [Fact]
    public async Task Only_decodes_the_chosen_and_required_columns_and_leaves_the_others_empty()
    {
        var read = await RoundTripAsync(EventColumns.Only("anonymous_id", "context_app_version", "properties"));

        var e = read.Event;
        Assert.Equal((Archived.Event.Type, "app-1", "m-1"), (e.Type, e.AppId, e.MessageId));
        Assert.Equal((Archived.Event.ReceivedAt, Archived.Event.EventTime), (e.ReceivedAt, e.EventTime));
        Assert.Equal((2, 42L), (read.LogPartition, read.LogOffset));
        Assert.Equal(("anon-1", "3.1.0"), (e.AnonymousId, e.Context.AppVersion));
        Assert.Equal("""{"level":3}""", System.Text.Encoding.UTF8.GetString(e.Properties.Span));

        Assert.Equal((null, null, null, null), (e.UserId, e.Event, e.Name, e.Timestamp));
        Assert.Equal((null, null, null, null), (e.Context.DeviceId, e.Context.Country, e.Context.SessionId, e.Context.Latitude));
        Assert.False(e.EventTimeClamped);
        Assert.True(e.Traits.IsEmpty);
    }

    [Fact]
    public async Task All_reads_the_event_as_archived()
    {
        var read = await RoundTripAsync(EventColumns.All);

        Assert.Equal(Archived.Event with { Properties = default, Traits = default }, read.Event with { Properties = default, Traits = default });
        Assert.Equal(Archived.Event.Traits.ToArray(), read.Event.Traits.ToArray());
    }

    [Fact]
    public void Only_rejects_a_name_that_is_not_a_column() =>
        Assert.Throws<ArgumentException>(() => EventColumns.Only("context_app_versoin"));

    private static async Task<ArchivedEvent> RoundTripAsync(EventColumns columns)
    {
        using var file = new MemoryStream();
        await EventParquetWriter.WriteAsync([Archived], file);
        file.Position = 0;
        var rows = new List<ArchivedEvent>();
        await foreach (var rowGroup in EventParquetReader.ReadRowGroupsAsync(file, columns))
        {
            rows.AddRange(rowGroup);
        }
        return Assert.Single(rows);
    }
}
