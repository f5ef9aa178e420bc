using Tally.Core.Views;
using Tally.Testing.Postgres;
using Tally.Views.Contract;

namespace Tally.Store.Postgres.Tests;

[Collection(PostgresCollection.Name)]
public sealed class PostgresViewStoreTests(PostgresFixture postgres) : ViewStoreContractTests, IAsyncLifetime
{
    private readonly TestSchemas _schemas = new(postgres);

    protected override async Task<IViewStore> CreateStoreAsync() =>
        new PostgresViewStore(await _schemas.CreateMigratedAsync());

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _schemas.DisposeAsync();
}
