using Tally.Archive.Erasure;
using Tally.Archive.Layout;
using Tally.Archive.Parquet;
using Tally.Archive.Storage;
using Tally.Core.Events;

namespace Tally.Archive.Tests.Erasure;

public sealed class ParquetArchiveEraserTests : IDisposable
{
    private static readonly DateOnly Monday = new(2026, 10, 5);
    private static readonly DateOnly Tuesday = Monday.AddDays(1);

    private readonly TempDirectory _directory = new();
    private readonly LocalDirectoryObjectStore _store;
    private readonly ParquetArchiveEraser _eraser;

    public ParquetArchiveEraserTests()
    {
        _store = new LocalDirectoryObjectStore(_directory.Path);
        _eraser = new ParquetArchiveEraser(_store);
    }

    [Fact]
    public async Task Erasing_an_app_rewrites_mixed_files_deletes_files_left_empty_and_keeps_the_other_app()
    {
        var mixed = await ArchiveAsync(Monday, 9, partition: 0, Event("a", "alice", 0), Event("b", "bob", 1), Event("a", "carol", 2));
        var onlyA = await ArchiveAsync(Tuesday, 10, partition: 1, Event("a", "alice", 3));
        var onlyB = await ArchiveAsync(Tuesday, 11, partition: 1, Event("b", "dave", 4));

        var erasure = await _eraser.EraseAppAsync("a");

        Assert.Equal(2, erasure.FilesRewritten);
        Assert.Equal(3, erasure.EventsRemoved);
        Assert.Equal([Monday, Tuesday], erasure.Days);
        Assert.Equal(["b-bob-1"], await MessageIdsAsync(mixed));
        Assert.Null(await MessageIdsOrNullAsync(onlyA));
        Assert.Equal(["b-dave-4"], await MessageIdsAsync(onlyB));
    }

    [Fact]
    public async Task Erasing_a_user_matches_the_anonymous_id_or_the_user_id_within_the_app_only()
    {
        var byAnonymousId = Event("a", "alice", 0);
        var byUserId = Event("a", "device-9", 1) with { UserId = "alice" };
        var sameIdOtherApp = Event("b", "alice", 2);
        var file = await ArchiveAsync(Monday, 9, partition: 0, byAnonymousId, byUserId, Event("a", "bob", 3), sameIdOtherApp);
        var untouched = await ArchiveAsync(Tuesday, 0, partition: 0, Event("a", "bob", 4));
        byte[] untouchedBytes = await File.ReadAllBytesAsync(PathOf(untouched));

        var erasure = await _eraser.EraseUserAsync("a", "alice");

        Assert.Equal(1, erasure.FilesRewritten);
        Assert.Equal(2, erasure.EventsRemoved);
        Assert.Equal([Monday], erasure.Days);
        Assert.Equal(["a-bob-3", "b-alice-2"], await MessageIdsAsync(file));
        Assert.Equal(untouchedBytes, await File.ReadAllBytesAsync(PathOf(untouched)));
    }

    [Fact]
    public async Task A_rewritten_file_keeps_its_key_and_every_column_of_the_remaining_rows()
    {
        var kept = Event("a", "bob", 1) with
        {
            UserId = "bob@example.com",
            Context = new EventContext { AppVersion = "2.1", Country = "FR", SessionId = "s-1", Latitude = 48.85 },
            Properties = """{"plan":"pro"}"""u8.ToArray(),
        };
        var file = await ArchiveAsync(Monday, 9, partition: 3, Event("a", "alice", 0), kept);

        await _eraser.EraseUserAsync("a", "alice");

        var row = Assert.Single(await ReadAsync(file));
        Assert.Equal(1, row.LogOffset);
        Assert.Equal(3, row.LogPartition);
        Assert.Equal(kept.UserId, row.Event.UserId);
        Assert.Equal(kept.Context.AppVersion, row.Event.Context.AppVersion);
        Assert.Equal(kept.Context.Country, row.Event.Context.Country);
        Assert.Equal(kept.Context.SessionId, row.Event.Context.SessionId);
        Assert.Equal(kept.Context.Latitude, row.Event.Context.Latitude);
        Assert.Equal("""{"plan":"pro"}""", System.Text.Encoding.UTF8.GetString(row.Event.Properties.Span));
        Assert.Equal([file.Key], await KeysAsync());
    }

    [Fact]
    public async Task Erasing_again_finds_nothing_and_leaves_other_objects_alone()
    {
        await ArchiveAsync(Monday, 9, partition: 0, Event("a", "alice", 0), Event("b", "bob", 1));
        using (var manifest = new MemoryStream("{}"u8.ToArray()))
        {
            await _store.PutAsync(ArchiveLayout.PendingManifestKey(0), manifest);
        }

        await _eraser.EraseAppAsync("a");
        var again = await _eraser.EraseAppAsync("a");

        Assert.Equal(0, again.FilesRewritten);
        Assert.Equal(0, again.EventsRemoved);
        Assert.Empty(again.Days);
        Assert.Contains(ArchiveLayout.PendingManifestKey(0), await KeysAsync());
    }

    private static TallyEvent Event(string appId, string anonymousId, int n)
    {
        var time = new DateTimeOffset(2026, 10, 5, 9, n, 0, TimeSpan.Zero);
        return new TallyEvent
        {
            Type = EventType.Track,
            AppId = appId,
            MessageId = $"{appId}-{anonymousId}-{n}",
            AnonymousId = anonymousId,
            Event = "Opened",
            ReceivedAt = time,
            EventTime = time,
        };
    }

    /// <summary>Writes one archive file as the archiver would: one log record per event, offsets from the first event's number.</summary>
    private async Task<ArchiveFileKey> ArchiveAsync(DateOnly day, int hour, int partition, params TallyEvent[] events)
    {
        long first = int.Parse(events[0].MessageId.Split('-')[^1], System.Globalization.CultureInfo.InvariantCulture);
        var rows = events.Select((e, i) => new ArchivedEvent(e, partition, first + i)).ToList();
        var key = new ArchiveFileKey(day, hour, partition, first, first + rows.Count);
        using var file = new MemoryStream();
        await EventParquetWriter.WriteAsync(rows, file);
        file.Position = 0;
        await _store.PutAsync(key.Key, file);
        return key;
    }

    private async Task<List<ArchivedEvent>> ReadAsync(ArchiveFileKey file)
    {
        await using var input = await _store.OpenReadAsync(file.Key);
        var rows = new List<ArchivedEvent>();
        await foreach (var row in EventParquetReader.ReadAsync(input))
        {
            rows.Add(row);
        }
        return rows;
    }

    private async Task<string[]> MessageIdsAsync(ArchiveFileKey file) =>
        [.. (await ReadAsync(file)).Select(r => r.Event.MessageId).Order(StringComparer.Ordinal)];

    private async Task<string[]?> MessageIdsOrNullAsync(ArchiveFileKey file) =>
        (await KeysAsync()).Contains(file.Key) ? await MessageIdsAsync(file) : null;

    private async Task<List<string>> KeysAsync()
    {
        var keys = new List<string>();
        await foreach (var info in _store.ListAsync(""))
        {
            keys.Add(info.Key);
        }
        return keys;
    }

    private string PathOf(ArchiveFileKey file) => Path.Combine(_directory.Path, file.Key);

    public void Dispose() => _directory.Dispose();
}
