using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Tally.Store.Postgres;

/// <summary>Brings the schema to the current version before the host's workers start.</summary>
internal sealed class PostgresStoreMigrator(PostgresDatabase database, ILogger<PostgresStoreMigrator> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var version = await database.MigrateAsync(cancellationToken);
        var storage = await database.GetSketchStorageAsync(cancellationToken);
        logger.ViewStoreReady(database.Schema, version, storage);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
