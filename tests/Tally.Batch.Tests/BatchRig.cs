using Tally.Core.Views;
using Tally.Store.Sqlite;

namespace Tally.Batch.Tests;

/// <summary>A real SQLite view store in a temporary directory, an in-memory archive and a hand-set clock.</summary>
internal sealed class BatchRig : IDisposable
{
    private readonly TempDirectory _directory;

    private BatchRig(TempDirectory directory, SqliteViewStore store, BatchOptions options)
    {
        _directory = directory;
        Store = store;
        Archive = new InMemoryArchive(store);
        Clock = new ManualClock(BatchTraffic.Start.AddDays(10));
        Runner = new BatchRunner(store, Archive, Clock, options);
    }

    public SqliteViewStore Store { get; }

    public InMemoryArchive Archive { get; }

    public ManualClock Clock { get; }

    public BatchRunner Runner { get; }

    public static async Task<BatchRig> CreateAsync(BatchOptions? options = null)
    {
        var directory = new TempDirectory();
        var database = SqliteDatabase.InDataDirectory(directory.Path);
        await database.MigrateAsync();
        return new BatchRig(directory, new SqliteViewStore(database), options ?? new BatchOptions());
    }

    /// <summary>Every batch cell of the apps, by key, for the dimensions the generated traffic has.</summary>
    public Task<Dictionary<ViewKey, ViewCell>> ReadAllAsync(IEnumerable<string> apps) =>
        BatchCells.ReadAllAsync(apps, (query, ct) => Store.ReadBatchAsync(query, ct));

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        _directory.Dispose();
    }
}
