using Tally.Archive.Layout;
using Tally.Archive.Parquet;
using Tally.Archive.Storage;
using Tally.Batch.Archive;
using Tally.Batch.Computation;
using Tally.Core.Views;
using Tally.Store.Sqlite;

namespace Tally.Batch.Tests;

/// <summary>
/// The batch reads only <see cref="ParquetArchiveDaySource.BatchColumns"/> of the archive: a day
/// computed from them must be exactly the day computed from every column.
/// </summary>
public sealed class ParquetArchiveDaySourceTests
{
    [Fact]
    public async Task The_batch_columns_give_the_same_cells_as_every_column()
    {
        using var directory = new TempDirectory();
        var store = new LocalDirectoryObjectStore(Path.Combine(directory.Path, "archive"));
        var traffic = BatchTraffic.Create(seed: 7, tidy: false);
        await ArchiveAsync(store, traffic);
        var database = SqliteDatabase.InDataDirectory(directory.Path);
        await database.MigrateAsync();
        var views = new SqliteViewStore(database);
        var day = BatchTraffic.Day0.AddDays(1);

        var all = await new DayComputation(new ParquetArchiveDaySource(store, EventColumns.All), views, new BatchOptions())
            .ComputeAsync(day, appId: null, archiveVersion: 1, CancellationToken.None);
        var batch = await new DayComputation(new ParquetArchiveDaySource(store), views, new BatchOptions())
            .ComputeAsync(day, appId: null, archiveVersion: 1, CancellationToken.None);

        Assert.Contains(all.Commit.Cells, c => c.Key.Dimension == "os");
        Assert.Contains(all.Commit.Cells, c => c.Key.Dimension.StartsWith("property:", StringComparison.Ordinal));
        Assert.Equal(Describe(all.Commit.Cells), Describe(batch.Commit.Cells));
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
    }

    /// <summary>Writes the events into one file per event-time day and hour, as the archiver would.</summary>
    private static async Task ArchiveAsync(LocalDirectoryObjectStore store, BatchTraffic traffic)
    {
        int offset = 0;
        foreach (var hour in traffic.Archived.GroupBy(e => ViewKey.BucketOf(e.EventTime, BucketSize.Hour)))
        {
            var events = hour.Select(e => new ArchivedEvent(e, 0, offset++)).ToList();
            using var file = new MemoryStream();
            await EventParquetWriter.WriteAsync(events, file);
            file.Position = 0;
            var key = new ArchiveFileKey(DateOnly.FromDateTime(hour.Key.UtcDateTime), hour.Key.Hour, 0, offset - events.Count, offset);
            await store.PutAsync(key.Key, file);
        }
    }

    private static List<string> Describe(IEnumerable<ViewCell> cells) =>
        [.. cells.Select(c => $"{c.Key} {c.Value} {Convert.ToHexString(c.Sketch.Span)}").Order(StringComparer.Ordinal)];
}
