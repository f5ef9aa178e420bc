using System.Diagnostics.Metrics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Tally.Archive.Archiving;
using Tally.Archive.Diagnostics;
using Tally.Archive.Layout;
using Tally.Archive.Parquet;
using Tally.Archive.Storage;
using Tally.Core.Encoding;
using Tally.Core.Events;
using Tally.Log;
using Tally.Log.Embedded;
using Tally.Store.Sqlite;

namespace Tally.Archive.Tests.Archiving;

/// <summary>A real embedded log, SQLite view store and local object store in a temporary directory.</summary>
internal sealed class ArchiveRig : IAsyncDisposable
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(60);

    private readonly TempDirectory _directory;
    private readonly ServiceProvider _services;
    private int _messages;

    private ArchiveRig(TempDirectory directory, EmbeddedEventLog log, SqliteViewStore viewStore)
    {
        _directory = directory;
        Log = log;
        ViewStore = viewStore;
        Store = new LocalDirectoryObjectStore(Path.Combine(directory.Path, "archive"));
        _services = new ServiceCollection().AddMetrics().BuildServiceProvider();
    }

    public EmbeddedEventLog Log { get; }

    public SqliteViewStore ViewStore { get; }

    public LocalDirectoryObjectStore Store { get; }

    public ArchiverOptions Options { get; } = new()
    {
        FlushInterval = TimeSpan.FromMilliseconds(200),
        FetchMaxWait = TimeSpan.FromMilliseconds(50),
        // Small, so one run makes several flushes per partition.
        FlushMaxRecords = 3,
        FetchMaxRecords = 4,
    };

    public static async Task<ArchiveRig> CreateAsync()
    {
        var directory = new TempDirectory();
        var log = await EmbeddedEventLog.OpenAsync(new EmbeddedLogOptions { Directory = Path.Combine(directory.Path, "log"), PartitionCount = 2 });
        var database = SqliteDatabase.InDataDirectory(directory.Path);
        await database.MigrateAsync();
        return new ArchiveRig(directory, log, new SqliteViewStore(database));
    }

    /// <summary>An event of <paramref name="user"/> at <paramref name="eventTime"/> with a message id unique in this rig.</summary>
    public TallyEvent Event(string user, DateTimeOffset eventTime) => new()
    {
        Type = EventType.Track,
        AppId = "app",
        MessageId = $"m{Interlocked.Increment(ref _messages)}",
        AnonymousId = user,
        Event = "Opened",
        ReceivedAt = eventTime.AddSeconds(1),
        EventTime = eventTime,
        Properties = """{"plan":"pro"}"""u8.ToArray(),
    };

    /// <summary>Appends each batch as one record per partition its users hash to.</summary>
    public async Task AppendAsync(params IReadOnlyList<TallyEvent>[] batches)
    {
        foreach (var batch in batches)
        {
            foreach (var part in batch.GroupBy(e => EventPartitioner.PartitionFor(e.AppId, e.User, Log.PartitionCount)))
            {
                await Log.AppendAsync(part.Key, EventBatchWriter.Encode([.. part]));
            }
        }
    }

    public ArchiverWorker CreateWorker() => new(Log, Store, ViewStore, Microsoft.Extensions.Options.Options.Create(Options),
        new ArchiveMetrics(_services.GetRequiredService<IMeterFactory>()), TimeProvider.System, NullLogger<ArchiverWorker>.Instance);

    /// <summary>Runs a worker until the archive holds <paramref name="expectedEvents"/> events and no flush is pending, then stops it.</summary>
    public async Task ArchiveUntilAsync(int expectedEvents)
    {
        using var worker = CreateWorker();
        await worker.StartAsync(CancellationToken.None);
        try
        {
            var deadline = DateTimeOffset.UtcNow + Deadline;
            // Pending flushes first: while one is, the archive may hold a torn file that recovery has yet to delete.
            while (await Store.ListAsync(ArchiveLayout.PendingPrefix).AnyAsync() || (await ReadArchiveAsync()).Count != expectedEvents)
            {
                Assert.True(DateTimeOffset.UtcNow < deadline, $"The archive did not reach {expectedEvents} events in time.");
                await Task.Delay(50);
            }
        }
        finally
        {
            await worker.StopAsync(CancellationToken.None);
        }
    }

    /// <summary>Every archived event with the file it is in.</summary>
    public async Task<List<(ArchiveFileKey File, ArchivedEvent Archived)>> ReadArchiveAsync()
    {
        var events = new List<(ArchiveFileKey, ArchivedEvent)>();
        await foreach (var info in Store.ListAsync(ArchiveLayout.EventsPrefix))
        {
            Assert.True(ArchiveFileKey.TryParse(info.Key, out var file), $"Unexpected object {info.Key}");
            await using var content = await Store.OpenReadAsync(info.Key);
            await foreach (var archived in EventParquetReader.ReadAsync(content))
            {
                events.Add((file, archived));
            }
        }
        return events;
    }

    public async Task<long> CommittedAsync(int partition)
    {
        await using var consumer = Log.Subscribe(Options.ConsumerGroup);
        return await consumer.GetCommittedAsync(partition) ?? -1;
    }

    public async ValueTask DisposeAsync()
    {
        await Log.DisposeAsync();
        await _services.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        _directory.Dispose();
    }
}
