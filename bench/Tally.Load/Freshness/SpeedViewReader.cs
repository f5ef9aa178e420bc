using Tally.Core.Metrics;
using Tally.Core.Views;
using Tally.Store.Sqlite;

namespace Tally.Load.Freshness;

/// <summary>
/// Reads the speed views of a running <c>tally up</c> straight from its SQLite view store
/// (<c>DATA/views.db</c>; WAL mode lets this reader run beside the server's writer), until a query
/// API exists. Only reads: no write statement is ever issued.
/// </summary>
internal sealed class SpeedViewReader(SqliteViewStore store, string appId)
{
    /// <exception cref="InvalidOperationException">The data dir has no view store, or no app owns the write key.</exception>
    public static async Task<SpeedViewReader> OpenAsync(DirectoryInfo dataDirectory, string probeWriteKey, CancellationToken cancellationToken)
    {
        var database = SqliteDatabase.InDataDirectory(dataDirectory.FullName);
        // Opening would create an empty database where there is none; a wrong --data should say so instead.
        if (!File.Exists(database.FilePath))
        {
            throw new InvalidOperationException($"{database.FilePath} does not exist: --data must be the running server's data dir.");
        }
        var app = await new SqliteAppRegistry(database).FindByWriteKeyAsync(probeWriteKey, cancellationToken)
            ?? throw new InvalidOperationException($"No app in {database.FilePath} owns the probe write key.");
        return new SpeedViewReader(new SqliteViewStore(database), app.Id);
    }

    /// <summary>The event names with an <c>events</c> hour cell of the probe app in [<paramref name="from"/>, <paramref name="to"/>).</summary>
    public async Task<IEnumerable<string>> EventNamesAsync(DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken)
    {
        var query = new ViewQuery(appId, Metrics.Events.Name, Key: null, Dimension.TotalName, BucketSize.Hour,
            ViewKey.BucketOf(from, BucketSize.Hour), to);
        var cells = await store.ReadSpeedAsync(query, cancellationToken);
        return cells.Select(c => c.Key.Key);
    }
}
