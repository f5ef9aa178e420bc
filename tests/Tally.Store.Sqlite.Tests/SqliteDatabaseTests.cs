using Microsoft.Data.Sqlite;

namespace Tally.Store.Sqlite.Tests;

public sealed class SqliteDatabaseTests : IDisposable
{
    private readonly TempDataDirectory _dataDir = new();

    [Fact]
    public async Task Migrate_creates_the_file_in_wal_mode_at_the_latest_version()
    {
        var database = SqliteDatabase.InDataDirectory(Path.Combine(_dataDir.Path, "nested"));

        Assert.Equal(0, await database.GetSchemaVersionAsync());
        var version = await database.MigrateAsync();

        Assert.Equal(SqliteDatabase.LatestSchemaVersion, version);
        Assert.Equal(SqliteDatabase.LatestSchemaVersion, await database.GetSchemaVersionAsync());
        await using var connection = await database.OpenConnectionAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA journal_mode;";
        Assert.Equal("wal", (string?)await command.ExecuteScalarAsync());
    }

    [Fact]
    public async Task Migrating_twice_and_concurrently_is_harmless()
    {
        var first = SqliteDatabase.InDataDirectory(_dataDir.Path);
        var second = SqliteDatabase.InDataDirectory(_dataDir.Path);

        var versions = await Task.WhenAll(
            Task.Run(() => first.MigrateAsync()),
            Task.Run(() => second.MigrateAsync()));
        await first.MigrateAsync();

        Assert.All(versions, version => Assert.Equal(SqliteDatabase.LatestSchemaVersion, version));
        await using var connection = await first.OpenConnectionAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT COUNT(*) FROM schema_version;";
        Assert.Equal((long)SqliteDatabase.LatestSchemaVersion, (long)(await command.ExecuteScalarAsync())!);
    }

    [Fact]
    public async Task Connections_are_durable_and_wait_when_busy()
    {
        var database = await _dataDir.CreateMigratedDatabaseAsync();
        await using var connection = await database.OpenConnectionAsync();

        Assert.Equal(2L, await ScalarAsync(connection, "PRAGMA synchronous;")); // 2 = FULL
        Assert.True(await ScalarAsync(connection, "PRAGMA busy_timeout;") > 0);
    }

    private static async Task<long> ScalarAsync(SqliteConnection connection, string sql)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        return (long)(await command.ExecuteScalarAsync())!;
    }

    public void Dispose() => _dataDir.Dispose();
}
