using Microsoft.Extensions.DependencyInjection;
using Tally.Collector.Tests.Doubles;
using Tally.Core.Apps;
using Tally.Core.DeadLetters;
using Tally.Log;
using Tally.Log.Embedded;
using Tally.Store.Sqlite;

namespace Tally.Collector.Tests.Http;

/// <summary>
/// The real seams a collector runs on in <c>tally up</c> — the embedded log and the SQLite
/// stores — in a data directory of the test's own, with the log wrapped for failure injection.
/// </summary>
public sealed class CollectorSeams : IAsyncDisposable
{
    private readonly EmbeddedEventLog _log;

    private CollectorSeams(string directory, EmbeddedEventLog log, SqliteDatabase database)
    {
        Directory = directory;
        _log = log;
        Database = database;
        Log = new FaultInjectingEventLog(log);
    }

    public string Directory { get; }

    public FaultInjectingEventLog Log { get; }

    public SqliteDatabase Database { get; }

    public static async Task<CollectorSeams> CreateAsync()
    {
        var directory = Path.Combine(Path.GetTempPath(), "tally-collector-" + Guid.NewGuid().ToString("N"));
        var database = SqliteDatabase.InDataDirectory(directory);
        await database.MigrateAsync();
        var log = await EmbeddedEventLog.OpenAsync(new EmbeddedLogOptions { Directory = Path.Combine(directory, "log") });
        return new CollectorSeams(directory, log, database);
    }

    public void Register(IServiceCollection services)
    {
        services.AddSingleton(Log);
        services.AddSingleton<IEventLog>(Log);
        services.AddSingleton(Database);
        services.AddSingleton<IAppRegistry, SqliteAppRegistry>();
        services.AddSingleton<IDeadLetterStore, SqliteDeadLetterStore>();
    }

    public async ValueTask DisposeAsync()
    {
        await _log.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        System.IO.Directory.Delete(Directory, recursive: true);
    }
}
