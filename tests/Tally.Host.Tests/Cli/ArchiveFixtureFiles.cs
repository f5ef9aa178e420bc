using Microsoft.Data.Sqlite;
using Tally.Archive.Layout;
using Tally.Archive.Parquet;
using Tally.Archive.Storage;
using Tally.Core.Events;
using Tally.Core.Metrics;
using Tally.Core.Views;
using Tally.Store.Sqlite;

namespace Tally.Host.Tests.Cli;

/// <summary>Archive files and batch views of a data dir, written and read as the archiver and the query API would.</summary>
internal sealed class ArchiveFixtureFiles(string dataDirectory)
{
    private readonly LocalDirectoryObjectStore _store = new(Path.Combine(dataDirectory, "archive"));

    public static TallyEvent Event(string appId, string anonymousId, DateOnly day, int minute)
    {
        var time = new DateTimeOffset(day.ToDateTime(new TimeOnly(9, minute)), TimeSpan.Zero);
        return new TallyEvent
        {
            Type = EventType.Track,
            AppId = appId,
            MessageId = $"{appId}-{anonymousId}-{day:yyyyMMdd}-{minute}",
            AnonymousId = anonymousId,
            Event = "Opened",
            ReceivedAt = time,
            EventTime = time,
        };
    }

    /// <summary>One file of hour 9 of <paramref name="day"/> holding <paramref name="events"/> as log records from offset 0 of <paramref name="partition"/>.</summary>
    public async Task<ArchiveFileKey> WriteAsync(DateOnly day, int partition, params TallyEvent[] events)
    {
        var rows = events.Select((e, i) => new ArchivedEvent(e, partition, i)).ToList();
        var key = new ArchiveFileKey(day, 9, partition, 0, rows.Count);
        using var file = new MemoryStream();
        await EventParquetWriter.WriteAsync(rows, file);
        file.Position = 0;
        await _store.PutAsync(key.Key, file);
        return key;
    }

    /// <summary>The message ids of the file, sorted; null when the file is gone.</summary>
    public async Task<string[]?> MessageIdsAsync(ArchiveFileKey file)
    {
        var keys = new List<string>();
        await foreach (var info in _store.ListAsync(file.Key))
        {
            keys.Add(info.Key);
        }
        if (!keys.Contains(file.Key))
        {
            return null;
        }
        await using var input = await _store.OpenReadAsync(file.Key);
        var ids = new List<string>();
        await foreach (var row in EventParquetReader.ReadAsync(input))
        {
            ids.Add(row.Event.MessageId);
        }
        return [.. ids.Order(StringComparer.Ordinal)];
    }

    public async Task<double?> BatchDayValueAsync(string appId, MetricDefinition metric, DateOnly day)
    {
        var store = new SqliteViewStore(SqliteDatabase.InDataDirectory(dataDirectory));
        var start = new DateTimeOffset(day.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);
        var cells = await store.ReadBatchAsync(new ViewQuery(appId, metric.Name, null, Dimension.TotalName, BucketSize.Day, start, start.AddDays(1)));
        SqliteConnection.ClearAllPools();
        return cells.Count == 0 ? null : cells.Sum(c => c.Value);
    }
}
