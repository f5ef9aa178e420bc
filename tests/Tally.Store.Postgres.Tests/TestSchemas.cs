using Tally.Testing.Postgres;

namespace Tally.Store.Postgres.Tests;

/// <summary>Schemas of unique names in the run's database, one per store a test opens, dropped afterwards.</summary>
internal sealed class TestSchemas(PostgresFixture postgres) : IAsyncDisposable
{
    private readonly List<PostgresDatabase> _databases = [];

    /// <summary>A database handle on a new schema that does not exist yet.</summary>
    public PostgresDatabase Create()
    {
        var database = new PostgresDatabase(postgres.ConnectionString, $"test_{Guid.NewGuid():N}");
        lock (_databases)
        {
            _databases.Add(database);
        }
        return database;
    }

    /// <summary>Another handle (its own connection pool) on an existing schema, as another process would open it; disposed with the others.</summary>
    public PostgresDatabase Open(string schema)
    {
        var database = new PostgresDatabase(postgres.ConnectionString, schema);
        lock (_databases)
        {
            _databases.Add(database);
        }
        return database;
    }

    public async Task<PostgresDatabase> CreateMigratedAsync()
    {
        var database = Create();
        await database.MigrateAsync();
        return database;
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var database in _databases)
        {
            await database.DisposeAsync();
            await using var drop = postgres.DataSource.CreateCommand($"DROP SCHEMA IF EXISTS {database.Schema} CASCADE");
            await drop.ExecuteNonQueryAsync();
        }
    }
}
