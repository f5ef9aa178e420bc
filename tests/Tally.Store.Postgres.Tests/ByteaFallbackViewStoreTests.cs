using Tally.Core.Views;
using Tally.Testing.Postgres;
using Tally.Views.Contract;

namespace Tally.Store.Postgres.Tests;

/// <summary>The whole contract again where postgresql-hll cannot be used: sketches stored as bytea.</summary>
[Collection(PostgresCollection.Name)]
public sealed class ByteaFallbackViewStoreTests(PostgresFixture postgres, NoHllDatabase noHll)
    : ViewStoreContractTests, IClassFixture<NoHllDatabase>, IAsyncLifetime
{
    private readonly List<PostgresDatabase> _databases = [];

    protected override async Task<IViewStore> CreateStoreAsync()
    {
        var database = new PostgresDatabase(await noHll.GetConnectionStringAsync(postgres), $"test_{Guid.NewGuid():N}");
        _databases.Add(database);
        await database.MigrateAsync();
        Assert.Equal(SketchStorage.Bytea, await database.GetSketchStorageAsync());
        return new PostgresViewStore(database);
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        foreach (var database in _databases)
        {
            await using (var connection = await database.OpenConnectionAsync())
            await using (var drop = new Npgsql.NpgsqlCommand($"DROP SCHEMA {database.Schema} CASCADE", connection))
            {
                await drop.ExecuteNonQueryAsync();
            }
            await database.DisposeAsync();
        }
    }
}
