using Tally.Apps.Contract;
using Tally.Core.Apps;

namespace Tally.Store.Sqlite.Tests;

/// <summary>The app registry contract on <c>views.db</c> in a data dir of the test's own.</summary>
public sealed class SqliteAppRegistryTests : AppRegistryContractTests, IDisposable
{
    private readonly TempDataDirectory _dataDir = new();

    protected override async Task<IAppRegistry> CreateRegistryAsync(TimeProvider clock) =>
        new SqliteAppRegistry(await _dataDir.CreateMigratedDatabaseAsync(), clock);

    protected override IAppRegistry OpenSecondRegistry() => new SqliteAppRegistry(SqliteDatabase.InDataDirectory(_dataDir.Path));

    protected override async Task InsertAppAsync(string id, string name, byte[] writeKeyHash, byte[] readKeyHash)
    {
        await using var connection = await SqliteDatabase.InDataDirectory(_dataDir.Path).OpenConnectionAsync();
        await using var insert = connection.CreateCommand();
        insert.CommandText = "INSERT INTO apps VALUES ($id, $name, 0, $write, $read);";
        insert.Parameters.AddWithValue("$id", id);
        insert.Parameters.AddWithValue("$name", name);
        insert.Parameters.AddWithValue("$write", writeKeyHash);
        insert.Parameters.AddWithValue("$read", readKeyHash);
        await insert.ExecuteNonQueryAsync();
    }

    protected override async Task<IReadOnlyList<object>> ReadStoredAppColumnsAsync()
    {
        await using var connection = await SqliteDatabase.InDataDirectory(_dataDir.Path).OpenConnectionAsync();
        await using var query = connection.CreateCommand();
        query.CommandText = "SELECT * FROM apps;";
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

    public void Dispose() => _dataDir.Dispose();
}
