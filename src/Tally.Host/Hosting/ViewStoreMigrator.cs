using Tally.Store.Sqlite;

namespace Tally.Host.Hosting;

/// <summary>Brings <c>views.db</c> to the current schema before the server takes requests.</summary>
internal sealed class ViewStoreMigrator(SqliteDatabase database, ILogger<ViewStoreMigrator> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var version = await database.MigrateAsync(cancellationToken);
        logger.ViewStoreReady(database.FilePath, version);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
