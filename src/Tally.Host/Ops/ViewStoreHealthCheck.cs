using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Tally.Store.Sqlite;

namespace Tally.Host.Ops;

/// <summary>Healthy when <c>views.db</c> opens, answers a query and has the schema this build expects.</summary>
internal sealed class ViewStoreHealthCheck(SqliteDatabase database) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            var version = await database.GetSchemaVersionAsync(cancellationToken);
            return version == SqliteDatabase.LatestSchemaVersion
                ? HealthCheckResult.Healthy($"{database.FilePath} at schema version {version}")
                : HealthCheckResult.Unhealthy(
                    $"{database.FilePath} is at schema version {version}, expected {SqliteDatabase.LatestSchemaVersion}");
        }
        catch (SqliteException ex)
        {
            return HealthCheckResult.Unhealthy($"{database.FilePath} cannot be read: {ex.Message}", ex);
        }
    }
}
