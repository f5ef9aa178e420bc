using Npgsql;
using Tally.Apps.Contract;
using Tally.Core.Apps;
using Tally.Testing.Postgres;

namespace Tally.Store.Postgres.Tests;

/// <summary>The app registry contract on a schema of the test's own; "another process" is a second connection pool.</summary>
[Collection(PostgresCollection.Name)]
public sealed class PostgresAppRegistryTests(PostgresFixture postgres) : AppRegistryContractTests, IAsyncLifetime
{
    private readonly TestSchemas _schemas = new(postgres);
    private PostgresDatabase? _database;

    private PostgresDatabase Database => _database ?? throw new InvalidOperationException("CreateRegistryAsync first.");

    protected override async Task<IAppRegistry> CreateRegistryAsync(TimeProvider clock)
    {
        _database = await _schemas.CreateMigratedAsync();
        return new PostgresAppRegistry(_database, clock);
    }

    protected override IAppRegistry OpenSecondRegistry() =>
        new PostgresAppRegistry(_schemas.Open(Database.Schema));

    protected override async Task InsertAppAsync(string id, string name, byte[] writeKeyHash, byte[] readKeyHash)
    {
        await using var connection = await _schemas.Open(Database.Schema).OpenConnectionAsync();
        await using var insert = new NpgsqlCommand(
            $"INSERT INTO {Database.Schema}.apps (id, name, created_at, write_key_hash, read_key_hash) VALUES (@id, @name, now(), @write, @read);", connection);
        insert.Parameters.AddWithValue("id", id);
        insert.Parameters.AddWithValue("name", name);
        insert.Parameters.AddWithValue("write", writeKeyHash);
        insert.Parameters.AddWithValue("read", readKeyHash);
        await insert.ExecuteNonQueryAsync();
    }

    protected override async Task<IReadOnlyList<object>> ReadStoredAppColumnsAsync()
    {
        await using var connection = await Database.OpenConnectionAsync();
        await using var query = new NpgsqlCommand($"SELECT * FROM {Database.Schema}.apps;", connection);
        await using var reader = await query.ExecuteReaderAsync();
        var values = new List<object>();
        while (await reader.ReadAsync())
        {
            for (var column = 0; column < reader.FieldCount; column++)
            {
                values.Add(reader.GetValue(column));
            }
        }
        return values;
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public Task DisposeAsync() => _schemas.DisposeAsync().AsTask();
}
