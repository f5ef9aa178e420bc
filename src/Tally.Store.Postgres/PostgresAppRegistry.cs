using Npgsql;
using Tally.Core.Apps;

namespace Tally.Store.Postgres;

/// <summary>
/// Apps and their keys in PostgreSQL, so that collectors and query nodes on many machines share
/// them. Only SHA-256 hashes of keys are stored (see <see cref="AppKeys.Hash"/>). Lookups are served
/// from memory after the first hit; a miss goes to the database, so an app created on another
/// machine is found within a second (see <see cref="KeyLookupCache"/>).
/// </summary>
/// <remarks>Expects <see cref="PostgresDatabase.MigrateAsync"/> to have run.</remarks>
public sealed class PostgresAppRegistry(PostgresDatabase database, TimeProvider timeProvider) : IAppRegistry
{
    private readonly string _schema = database.Schema;
    private readonly KeyLookupCache _writeKeys = new(timeProvider);
    private readonly KeyLookupCache _readKeys = new(timeProvider);

    public PostgresAppRegistry(PostgresDatabase database)
        : this(database, TimeProvider.System)
    {
    }

    public async ValueTask<CreatedApp> CreateAsync(string name, CancellationToken cancellationToken = default)
    {
        var trimmed = AppNames.Normalize(name);

        // Microsecond precision, as timestamptz stores it: the app returned equals the one read back.
        var now = timeProvider.GetUtcNow();
        var createdAt = now.AddTicks(-(now.Ticks % TimeSpan.TicksPerMicrosecond));
        var app = new AppInfo(AppKeys.NewAppId(), trimmed, createdAt);
        var writeKey = AppKeys.NewWriteKey();
        var readKey = AppKeys.NewReadKey();
        var writeHash = AppKeys.Hash(writeKey);
        var readHash = AppKeys.Hash(readKey);

        await using (var connection = await database.OpenConnectionAsync(cancellationToken))
        await using (var insert = new NpgsqlCommand(
            $"INSERT INTO {_schema}.apps (id, name, created_at, write_key_hash, read_key_hash) VALUES (@id, @name, @createdAt, @writeKeyHash, @readKeyHash);",
            connection))
        {
            insert.Parameters.AddWithValue("id", app.Id);
            insert.Parameters.AddWithValue("name", app.Name);
            insert.Parameters.AddWithValue("createdAt", app.CreatedAt.ToUniversalTime());
            insert.Parameters.AddWithValue("writeKeyHash", writeHash.ToBytes());
            insert.Parameters.AddWithValue("readKeyHash", readHash.ToBytes());
            await insert.ExecuteNonQueryAsync(cancellationToken);
        }

        _writeKeys.AddKnown(writeHash, app);
        _readKeys.AddKnown(readHash, app);
        return new CreatedApp(app, writeKey, readKey);
    }

    public async ValueTask<IReadOnlyList<AppInfo>> ListAsync(CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenConnectionAsync(cancellationToken);
        await using var query = new NpgsqlCommand($"SELECT id, name, created_at FROM {_schema}.apps ORDER BY created_at, seq;", connection);
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
        await using (var delete = new NpgsqlCommand($"DELETE FROM {_schema}.apps WHERE id = @id;", connection))
        {
            // The key hashes live in the app's row: deleting it revokes both keys.
            delete.Parameters.AddWithValue("id", appId);
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

        // hashColumn is one of two constants of this class, never input.
        await using var query = new NpgsqlCommand($"SELECT id, name, created_at FROM {_schema}.apps WHERE {hashColumn} = @hash;", connection);
        query.Parameters.AddWithValue("hash", hash.ToBytes());
        await using var reader = await query.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken) ? ReadApp(reader) : null;
    }

    private static AppInfo ReadApp(NpgsqlDataReader reader) =>
        new(reader.GetString(0), reader.GetString(1), new DateTimeOffset(reader.GetDateTime(2), TimeSpan.Zero));
}
