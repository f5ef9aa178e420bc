using Microsoft.Extensions.Diagnostics.HealthChecks;
using Npgsql;
using Tally.Store.Postgres;

namespace Tally.Host.Ops;

/// <summary>Healthy when the PostgreSQL view store answers a query and has the schema this build expects.</summary>
internal sealed class PostgresStoreHealthCheck(PostgresDatabase database) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            var version = await database.GetSchemaVersionAsync(cancellationToken);
            return version == PostgresDatabase.LatestSchemaVersion
                ? HealthCheckResult.Healthy($"schema {database.Schema} at version {version}")
                : HealthCheckResult.Unhealthy($"schema {database.Schema} is at version {version}, expected {PostgresDatabase.LatestSchemaVersion}");
        }
        catch (NpgsqlException ex)
        {
            return HealthCheckResult.Unhealthy($"PostgreSQL cannot be read: {ex.Message}", ex);
        }
    }
}
