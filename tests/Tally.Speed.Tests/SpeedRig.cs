using Tally.Core.Encoding;
using Tally.Core.Metrics;
using Tally.Core.Views;
using Tally.Log;
using Tally.Log.Embedded;
using Tally.Store.Sqlite;

namespace Tally.Speed.Tests;

/// <summary>A real embedded log and SQLite view store in a temporary directory, filled with generated traffic.</summary>
internal sealed class SpeedRig : IAsyncDisposable
{
    private readonly TempDirectory _directory;

    private SpeedRig(TempDirectory directory, EmbeddedEventLog log, SqliteViewStore store)
    {
        _directory = directory;
        Log = log;
        Store = store;
    }

    public EmbeddedEventLog Log { get; }

    public SqliteViewStore Store { get; }

    public static async Task<SpeedRig> CreateAsync(int partitions = 2)
    {
        var directory = new TempDirectory();
        var log = await EmbeddedEventLog.OpenAsync(new EmbeddedLogOptions { Directory = Path.Combine(directory.Path, "log"), PartitionCount = partitions });
        var database = SqliteDatabase.InDataDirectory(directory.Path);
        await database.MigrateAsync();
        return new SpeedRig(directory, log, new SqliteViewStore(database));
    }

    /// <summary>Appends every record (split by partition of each event's user), then a flush event to every partition.</summary>
    public Task AppendAsync(GeneratedTraffic traffic) => AppendAsync(traffic.Records, flush: true);

    /// <summary>Appends the records; with <paramref name="flush"/>, then a flush event to every partition.</summary>
    public async Task AppendAsync(IReadOnlyList<List<Core.Events.TallyEvent>> records, bool flush)
    {
        foreach (var record in records)
        {
            // Split by partition so each user's events stay in one partition, in order.
            foreach (var part in record.GroupBy(e => EventPartitioner.PartitionFor(e.AppId, e.User, Log.PartitionCount)))
            {
                await Log.AppendAsync(part.Key, EventBatchWriter.Encode([.. part]));
            }
        }
        for (int p = 0; flush && p < Log.PartitionCount; p++)
        {
            string user = Enumerable.Range(0, 1000).Select(i => $"flush-{i}").First(u => EventPartitioner.PartitionFor("app-flush", u, Log.PartitionCount) == p);
            await Log.AppendAsync(p, EventBatchWriter.Encode(GeneratedTraffic.Flush(user)));
        }
    }

    public async Task<Dictionary<int, long>> LogEndsAsync()
    {
        var ends = new Dictionary<int, long>();
        for (int p = 0; p < Log.PartitionCount; p++)
        {
            ends[p] = (await Log.GetBoundsAsync(p)).End;
        }
        return ends;
    }

    /// <summary>Every hour and minute cell of the generated apps, by key.</summary>
    public async Task<Dictionary<ViewKey, double>> ReadAllAsync()
    {
        var cells = new Dictionary<ViewKey, double>();
        string[] dimensions = [Dimension.TotalName, .. Dimension.ContextBreakdowns.Select(d => d.Name), "property:plan", "property:level"];
        foreach (string app in GeneratedTraffic.Apps)
        {
            foreach (var metric in Metrics.Stored)
            {
                foreach (string dimension in dimensions)
                {
                    foreach (var size in new[] { BucketSize.Hour, BucketSize.Minute })
                    {
                        var query = new ViewQuery(app, metric.Name, null, dimension, size, GeneratedTraffic.Start.AddDays(-1), GeneratedTraffic.Start.AddDays(5));
                        foreach (var cell in await Store.ReadSpeedAsync(query))
                        {
                            cells.Add(cell.Key, cell.Value);
                        }
                    }
                }
            }
        }
        return cells;
    }

    public async ValueTask DisposeAsync()
    {
        await Log.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        _directory.Dispose();
    }
}
