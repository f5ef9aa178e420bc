using Tally.Core.Views;
using Tally.Views.Contract;

namespace Tally.Store.Sqlite.Tests;

public sealed class SqliteViewStoreTests : ViewStoreContractTests, IDisposable
{
    private readonly TempDataDirectory _dataDir = new();

    protected override async Task<IViewStore> CreateStoreAsync() =>
        new SqliteViewStore(await _dataDir.CreateMigratedDatabaseAsync());

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        _dataDir.Dispose();
    }
}
