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

    [Fact]
    public async Task Deleting_an_app_revokes_both_keys_at_once_and_unlists_it()
    {
        var registry = new SqliteAppRegistry(await _dataDir.CreateMigratedDatabaseAsync());
        var doomed = await registry.CreateAsync("Doomed");
        var kept = await registry.CreateAsync("Kept");
        Assert.NotNull(await registry.FindByWriteKeyAsync(doomed.WriteKey));
        Assert.NotNull(await registry.FindByReadKeyAsync(doomed.ReadKey));

        Assert.True(await registry.DeleteAsync(doomed.App.Id));
        Assert.False(await registry.DeleteAsync(doomed.App.Id));

        Assert.Null(await registry.FindByWriteKeyAsync(doomed.WriteKey));
        Assert.Null(await registry.FindByReadKeyAsync(doomed.ReadKey));
        Assert.Equal([kept.App], await registry.ListAsync());
        Assert.Equal(kept.App, await registry.FindByWriteKeyAsync(kept.WriteKey));
    }

    [Fact]
    public async Task An_app_deleted_by_another_process_is_refused_once_the_cached_hit_expires()
    {
        var clock = new ManualTimeProvider();
        var database = await _dataDir.CreateMigratedDatabaseAsync();
        var server = new SqliteAppRegistry(database, clock);
        var cli = new SqliteAppRegistry(SqliteDatabase.InDataDirectory(_dataDir.Path));
        var created = await server.CreateAsync("Weather");

        await cli.DeleteAsync(created.App.Id);

        Assert.NotNull(await server.FindByWriteKeyAsync(created.WriteKey));
        clock.Advance(TimeSpan.FromSeconds(31));
        Assert.Null(await server.FindByWriteKeyAsync(created.WriteKey));
    }

    public void Dispose() => _dataDir.Dispose();
}
