using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Tally.Archive.Parquet;
using Tally.Core.Encoding;
using Tally.Core.Events;

namespace Tally.Archive.Tests.Parquet;

public class EventParquetRoundTripProperties
{
    // Whole code points only (ASCII, Latin, CJK, an astral emoji, quotes, NUL): what a JSON parser hands the collector.
    private static Gen<string> Text =>
        Gen.ArrayOf(Gen.Elements("a", "Z", "0", " ", "ü", "漢", "😀", "\"", "\0", "\n", new string('x', 100)))
            .Select(parts => string.Concat(parts));

    private static Gen<string?> OptionalText =>
        Gen.OneOf(Gen.Constant<string?>(null), Text.Select(s => (string?)s));

    // Any millisecond in ±68 years around 1970, plus the extremes a DateTimeOffset can hold.
    private static Gen<DateTimeOffset> Time =>
        Gen.OneOf(
            from seconds in Gen.Choose(int.MinValue, int.MaxValue)
            from ms in Gen.Choose(0, 999)
            select DateTimeOffset.FromUnixTimeMilliseconds(seconds * 1000L + ms),
            Gen.Elements(DateTimeOffset.UnixEpoch, new DateTimeOffset(1, 1, 1, 0, 0, 0, TimeSpan.Zero), new DateTimeOffset(9999, 12, 31, 23, 59, 59, 999, TimeSpan.Zero)));

    private static Gen<DateTimeOffset?> OptionalTime => Gen.OneOf(Gen.Constant<DateTimeOffset?>(null), Time.Select(t => (DateTimeOffset?)t));

    private static Gen<double?> Coordinate =>
        Gen.OneOf(Gen.Constant<double?>(null), ArbMap.Default.GeneratorFor<double>().Select(d => (double?)d));

    private static Gen<byte[]> Json =>
        Gen.OneOf(Gen.Constant(Array.Empty<byte>()), Text.Select(s => System.Text.Encoding.UTF8.GetBytes($$"""{"k":"{{s.Replace("\"", "\\\"", StringComparison.Ordinal)}}"}""")));

    private static Gen<EventContext> Contexts =>
        from strings in Gen.ArrayOf(OptionalText, 18)
        from latitude in Coordinate
        from longitude in Coordinate
        select new EventContext
        {
            AppName = strings[0], AppVersion = strings[1], AppBuild = strings[2], AppNamespace = strings[3],
            DeviceId = strings[4], DeviceManufacturer = strings[5], DeviceModel = strings[6], DeviceType = strings[7],
            OsName = strings[8], OsVersion = strings[9], Locale = strings[10], Timezone = strings[11],
            LibraryName = strings[12], LibraryVersion = strings[13], Country = strings[14], City = strings[15],
            SessionId = strings[16], Ip = strings[17], Latitude = latitude, Longitude = longitude,
        };

    private static Gen<ArchivedEvent> Events =>
        from type in Gen.Elements(Enum.GetValues<EventType>())
        from appId in Text
        from messageId in Text
        from ids in Gen.ArrayOf(OptionalText, 6)
        from times in Gen.ArrayOf(Time, 2)
        from timestamp in OptionalTime
        from sentAt in OptionalTime
        from clamped in ArbMap.Default.GeneratorFor<bool>()
        from context in Contexts
        from properties in Json
        from traits in Json
        from partition in Gen.Choose(0, 999)
        from offset in ArbMap.Default.GeneratorFor<long>().Select(o => o & long.MaxValue)
        select new ArchivedEvent(new TallyEvent
        {
            Type = type,
            AppId = appId,
            MessageId = messageId,
            AnonymousId = ids[0],
            UserId = ids[1],
            Event = ids[2],
            Name = ids[3],
            GroupId = ids[4],
            PreviousId = ids[5],
            EventTime = times[0],
            ReceivedAt = times[1],
            Timestamp = timestamp,
            SentAt = sentAt,
            EventTimeClamped = clamped,
            Context = context,
            Properties = properties,
            Traits = traits,
        }, partition, offset);

    [Property(MaxTest = 100)]
    public Property Reading_a_written_file_gives_back_every_event_exactly() =>
        Prop.ForAll(Gen.ListOf(Events).ToArbitrary(), Gen.Choose(1, 7).ToArbitrary(), (events, rowGroupSize) =>
        {
            var read = WriteAndRead(events, rowGroupSize);
            return read.Count == events.Count && read.Zip(events).All(pair => Same(pair.First, pair.Second));
        });

    [Property(MaxTest = 50)]
    public Property Events_decoded_from_the_log_round_trip() =>
        Prop.ForAll(Gen.ListOf(Events).ToArbitrary(), events =>
        {
            // The archiver's input: events as the log's codec hands them over.
            var decoded = EventBatchReader.Decode(EventBatchWriter.Encode([.. events.Select(e => e.Event)]));
            var archived = decoded.Select((e, i) => new ArchivedEvent(e, 3, i)).ToList();
            var read = WriteAndRead(archived, EventParquetWriter.DefaultRowGroupSize);
            return read.Zip(archived).All(pair => Same(pair.First, pair.Second)) && read.Count == archived.Count;
        });

    [Fact]
    public async Task A_file_streams_one_row_group_at_a_time()
    {
        var events = Events.Sample(25, 1).ToList();
        using var file = new MemoryStream();
        await EventParquetWriter.WriteAsync(events, file, rowGroupSize: 10);
        file.Position = 0;

        var sizes = new List<int>();
        await foreach (var rowGroup in EventParquetReader.ReadRowGroupsAsync(file))
        {
            sizes.Add(rowGroup.Count);
        }

        Assert.Equal([10, 10, 5], sizes);
    }

    [Fact]
    public async Task Times_finer_than_a_microsecond_are_rejected_rather_than_truncated()
    {
        var archived = Events.Sample(1, 1).Single();
        var fine = archived with { Event = archived.Event with { EventTime = DateTimeOffset.UnixEpoch.AddTicks(1) } };

        var error = await Assert.ThrowsAsync<ArgumentException>(() => EventParquetWriter.WriteAsync([fine], new MemoryStream()));
        Assert.Contains("event_time", error.Message, StringComparison.Ordinal);
    }

    private static List<ArchivedEvent> WriteAndRead(IReadOnlyList<ArchivedEvent> events, int rowGroupSize)
    {
        using var file = new MemoryStream();
        // FsCheck properties are synchronous; these streams are in memory, so nothing blocks on IO.
        EventParquetWriter.WriteAsync(events, file, rowGroupSize: rowGroupSize).GetAwaiter().GetResult();
        file.Position = 0;
        return EventParquetReader.ReadAsync(file).ToBlockingEnumerable().ToList();
    }

    private static bool Same(ArchivedEvent read, ArchivedEvent written) =>
        read with { Event = WithoutJson(read.Event) } == written with { Event = WithoutJson(written.Event) }
        && read.Event.Properties.Span.SequenceEqual(written.Event.Properties.Span)
        && read.Event.Traits.Span.SequenceEqual(written.Event.Traits.Span)
        && read.Event.EventTime.Offset == TimeSpan.Zero;

    private static TallyEvent WithoutJson(TallyEvent e) => e with { Properties = default, Traits = default };
}
