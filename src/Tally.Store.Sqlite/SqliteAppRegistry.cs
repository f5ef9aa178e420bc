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
    /// <summary>Longest app name accepted; names are labels on a dashboard, not documents.</summary>
    public const int MaxNameLength = 100;

    private readonly KeyLookupCache _writeKeys = new(timeProvider);
    private readonly KeyLookupCache _readKeys = new(timeProvider);

    public SqliteAppRegistry(SqliteDatabase database)
        : this(database, TimeProvider.System)
    {
    }

    public async ValueTask<CreatedApp> CreateAsync(string name, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(name);
        var trimmed = name.Trim();
        if (trimmed.Length == 0)
        {
            throw new ArgumentException("An app name must not be empty.", nameof(name));
        }

        if (trimmed.Length > MaxNameLength)
        {
            throw new ArgumentException($"An app name must be at most {MaxNameLength} characters.", nameof(name));
        }

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
        FindAsync(_writeKeys, "write_key_hash", writeKey, cancellationToken);

    public ValueTask<AppInfo?> FindByReadKeyAsync(string readKey, CancellationToken cancellationToken = default) =>
        FindAsync(_readKeys, "read_key_hash", readKey, cancellationToken);

    /// <summary>Answers from the cache synchronously when it can; only a cache miss goes to SQLite.</summary>
    private ValueTask<AppInfo?> FindAsync(KeyLookupCache cache, string hashColumn, string key, CancellationToken cancellationToken)
    {
        if (string.IsNullOrEmpty(key))
        {
            return ValueTask.FromResult<AppInfo?>(null);
        }

        var hash = AppKeys.Hash(key);
        if (cache.TryGetKnown(hash, out var app))
        {
            SqliteStoreMetrics.KeyLookups.Add(1, SqliteStoreMetrics.CacheHit);
            return ValueTask.FromResult<AppInfo?>(app);
        }

        if (cache.IsKnownUnknown(hash))
        {
            SqliteStoreMetrics.KeyLookups.Add(1, SqliteStoreMetrics.CachedMiss);
            return ValueTask.FromResult<AppInfo?>(null);
        }

        return FindInDatabaseAsync(database, cache, hashColumn, hash, cancellationToken);
    }

    private static async ValueTask<AppInfo?> FindInDatabaseAsync(
        SqliteDatabase database, KeyLookupCache cache, string hashColumn, KeyHash hash, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenConnectionAsync(cancellationToken);
        await using var query = connection.CreateCommand();

        // hashColumn is one of two constants of this class, never input.
        query.CommandText = $"SELECT id, name, created_at_ms FROM apps WHERE {hashColumn} = $hash;";
        query.Parameters.AddWithValue("$hash", hash.ToBytes());
        await using var reader = await query.ExecuteReaderAsync(cancellationToken);
        if (!await reader.ReadAsync(cancellationToken))
        {
            cache.AddUnknown(hash);
            SqliteStoreMetrics.KeyLookups.Add(1, SqliteStoreMetrics.Miss);
            return null;
        }

        var app = ReadApp(reader);
        cache.AddKnown(hash, app);
        SqliteStoreMetrics.KeyLookups.Add(1, SqliteStoreMetrics.DatabaseHit);
        return app;
    }

    private static AppInfo ReadApp(SqliteDataReader reader) =>
        new(reader.GetString(0), reader.GetString(1), DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(2)));
}
