using Microsoft.Data.Sqlite;
using Tally.Core.Apps;

namespace Tally.Store.Sqlite;

/// <summary>
/// Apps and their keys in <c>views.db</c>. Only SHA-256 hashes of keys are stored (see
/// <see cref="AppKeys.Hash"/>). Lookups are served from memory after the first hit; a miss goes to
/// the database, so apps created by another process sharing the file are found (and deleted ones
/// are refused within <see cref="KeyLookupCache"/>'s time to live).
/// </summary>
/// <remarks>Expects <see cref="SqliteDatabase.MigrateAsync"/> to have run.</remarks>
public sealed class SqliteAppRegistry(SqliteDatabase database, TimeProvider timeProvider) : IAppRegistry
{
    private readonly KeyLookupCache _writeKeys = new(timeProvider);
    private readonly KeyLookupCache _readKeys = new(timeProvider);

    public SqliteAppRegistry(SqliteDatabase database)
        : this(database, TimeProvider.System)
    {
    }

    public async ValueTask<CreatedApp> CreateAsync(string name, CancellationToken cancellationToken = default)
    {
        var trimmed = AppNames.Normalize(name);

        // Millisecond precision, as stored: the app returned here equals the one read back later.
        var createdAt = DateTimeOffset.FromUnixTimeMilliseconds(timeProvider.GetUtcNow().ToUnixTimeMilliseconds());
        var app = new AppInfo(AppKeys.NewAppId(), trimmed, createdAt);
        var writeKey = AppKeys.NewWriteKey();
        var readKey = AppKeys.NewReadKey();
        var writeHash = AppKeys.Hash(writeKey);
        var readHash = AppKeys.Hash(readKey);

        await using (var connection = await database.OpenConnectionAsync(cancellationToken))
        await using (var insert = connection.CreateCommand())
        {
            insert.CommandText = """
                INSERT INTO apps (id, name, created_at_ms, write_key_hash, read_key_hash)
                VALUES ($id, $name, $createdAt, $writeKeyHash, $readKeyHash);
                """;
            insert.Parameters.AddWithValue("$id", app.Id);
            insert.Parameters.AddWithValue("$name", app.Name);
            insert.Parameters.AddWithValue("$createdAt", app.CreatedAt.ToUnixTimeMilliseconds());
            insert.Parameters.AddWithValue("$writeKeyHash", writeHash.ToBytes());
            insert.Parameters.AddWithValue("$readKeyHash", readHash.ToBytes());
            await insert.ExecuteNonQueryAsync(cancellationToken);
        }

        _writeKeys.AddKnown(writeHash, app);
        _readKeys.AddKnown(readHash, app);
        return new CreatedApp(app, writeKey, readKey);
    }

    public async ValueTask<IReadOnlyList<AppInfo>> ListAsync(CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenConnectionAsync(cancellationToken);
        await using var query = connection.CreateCommand();
        // rowid breaks ties in creation order: apps created in the same millisecond.
        query.CommandText = "SELECT id, name, created_at_ms FROM apps ORDER BY created_at_ms, rowid;";
        await using var reader = await query.ExecuteReaderAsync(cancellationToken);
        var apps = new List<AppInfo>();
        while (await reader.ReadAsync(cancellationToken))
        {
            apps.Add(ReadApp(reader));
        }

        return apps;
    }

    public async ValueTask<bool> DeleteAsync(string appId, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(appId);
        int deleted;
        await using (var connection = await database.OpenConnectionAsync(cancellationToken))
        await using (var delete = connection.CreateCommand())
        {
            // The key hashes live in the app's row: deleting it revokes both keys.
            delete.CommandText = "DELETE FROM apps WHERE id = $id;";
            delete.Parameters.AddWithValue("$id", appId);
            deleted = await delete.ExecuteNonQueryAsync(cancellationToken);
        }

        _writeKeys.ForgetApp(appId);
        _readKeys.ForgetApp(appId);
        return deleted > 0;
    }

    public ValueTask<AppInfo?> FindByWriteKeyAsync(string writeKey, CancellationToken cancellationToken = default) =>
        _writeKeys.FindAsync(writeKey, this, static (registry, hash, ct) => registry.FindInDatabaseAsync("write_key_hash", hash, ct), cancellationToken);

    public ValueTask<AppInfo?> FindByReadKeyAsync(string readKey, CancellationToken cancellationToken = default) =>
        _readKeys.FindAsync(readKey, this, static (registry, hash, ct) => registry.FindInDatabaseAsync("read_key_hash", hash, ct), cancellationToken);

    private async ValueTask<AppInfo?> FindInDatabaseAsync(string hashColumn, KeyHash hash, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenConnectionAsync(cancellationToken);
        await using var query = connection.CreateCommand();

        // hashColumn is one of two constants of this class, never input.
        query.CommandText = $"SELECT id, name, created_at_ms FROM apps WHERE {hashColumn} = $hash;";
        query.Parameters.AddWithValue("$hash", hash.ToBytes());
        await using var reader = await query.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken) ? ReadApp(reader) : null;
    }

    private static AppInfo ReadApp(SqliteDataReader reader) =>
        new(reader.GetString(0), reader.GetString(1), DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(2)));
}
