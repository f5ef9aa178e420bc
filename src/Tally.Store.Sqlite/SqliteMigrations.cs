using Microsoft.Data.Sqlite;

namespace Tally.Store.Sqlite;

/// <summary>
/// The schema of <c>views.db</c> as an append-only list of migrations. Never edit a released
/// migration: add a new one, so every existing data dir upgrades the same way.
/// </summary>
internal static class SqliteMigrations
{
    private static readonly string[] Migrations =
    [
        // 1: apps with hashed keys, and the dead-letter store.
        """
        CREATE TABLE apps (
            id              TEXT    NOT NULL PRIMARY KEY,
            name            TEXT    NOT NULL,
            created_at_ms   INTEGER NOT NULL,
            write_key_hash  BLOB    NOT NULL UNIQUE,
            read_key_hash   BLOB    NOT NULL UNIQUE
        );
        CREATE TABLE dead_letters (
            id              INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
            app_id          TEXT    NOT NULL,
            reason          TEXT    NOT NULL,
            detail          TEXT    NOT NULL,
            received_at_ms  INTEGER NOT NULL,
            raw_event       BLOB    NOT NULL
        );
        CREATE INDEX dead_letters_by_app_newest ON dead_letters (app_id, received_at_ms DESC, id DESC);
        """,

        // 2: speed-layer views, with the consumer offsets and state snapshots committed beside them.
        """
        CREATE TABLE speed_cells (
            app_id          TEXT    NOT NULL,
            metric          TEXT    NOT NULL,
            dimension       TEXT    NOT NULL,
            bucket_size     INTEGER NOT NULL,
            bucket_start_ms INTEGER NOT NULL,
            key             TEXT    NOT NULL,
            dimension_value TEXT    NOT NULL,
            value           REAL    NOT NULL,
            sketch          BLOB,
            PRIMARY KEY (app_id, metric, dimension, bucket_size, bucket_start_ms, key, dimension_value)
        ) WITHOUT ROWID;
        CREATE INDEX speed_cells_by_age ON speed_cells (bucket_size, bucket_start_ms);
        CREATE TABLE speed_offsets (
            consumer_group  TEXT    NOT NULL,
            partition       INTEGER NOT NULL,
            next_offset     INTEGER NOT NULL,
            PRIMARY KEY (consumer_group, partition)
        ) WITHOUT ROWID;
        CREATE TABLE speed_snapshots (
            consumer_group  TEXT    NOT NULL,
            partition       INTEGER NOT NULL,
            state_offset    INTEGER NOT NULL,
            state           BLOB    NOT NULL,
            PRIMARY KEY (consumer_group, partition)
        ) WITHOUT ROWID;
        """,

        // 3: batch-layer views (replaced per computed day), archived days with their versions,
        // users' first-seen times, and the batch watermark. Days are DateOnly.DayNumber.
        """
        CREATE TABLE batch_cells (
            app_id          TEXT    NOT NULL,
            metric          TEXT    NOT NULL,
            dimension       TEXT    NOT NULL,
            bucket_size     INTEGER NOT NULL,
            bucket_start_ms INTEGER NOT NULL,
            key             TEXT    NOT NULL,
            dimension_value TEXT    NOT NULL,
            value           REAL    NOT NULL,
            sketch          BLOB,
            batch_day       INTEGER NOT NULL,
            PRIMARY KEY (app_id, metric, dimension, bucket_size, bucket_start_ms, key, dimension_value)
        ) WITHOUT ROWID;
        CREATE INDEX batch_cells_by_batch_day ON batch_cells (batch_day, app_id);
        CREATE TABLE archive_days (
            day              INTEGER NOT NULL PRIMARY KEY,
            archive_version  INTEGER NOT NULL,
            batched_version  INTEGER NOT NULL DEFAULT 0
        ) WITHOUT ROWID;
        CREATE TABLE first_seen (
            app_id          TEXT    NOT NULL,
            user            TEXT    NOT NULL,
            first_seen_ms   INTEGER NOT NULL,
            PRIMARY KEY (app_id, user)
        ) WITHOUT ROWID;
        CREATE TABLE batch_watermark (
            id              INTEGER NOT NULL PRIMARY KEY CHECK (id = 1),
            next_day        INTEGER NOT NULL
        );
        """,

        // 4: batch leases on the days to batch: the fencing token of the latest claim, its holder
        // (null once committed or released) and when it expires (unix ms, 0 when free).
        """
        ALTER TABLE archive_days ADD COLUMN lease_token INTEGER NOT NULL DEFAULT 0;
        ALTER TABLE archive_days ADD COLUMN lease_holder TEXT;
        ALTER TABLE archive_days ADD COLUMN lease_expires_ms INTEGER NOT NULL DEFAULT 0;
        """,
    ];

    /// <summary>The version a fully migrated database has.</summary>
    public static int LatestVersion => Migrations.Length;

    public static async Task<int> ApplyAsync(SqliteConnection connection, CancellationToken cancellationToken)
    {
        // BEGIN IMMEDIATE (the non-deferred default): a second process migrating at the same time
        // waits for this one and then finds nothing left to do.
        await using var transaction = connection.BeginTransaction(deferred: false);

        await using (var create = connection.CreateCommand())
        {
            create.Transaction = transaction;
            create.CommandText = "CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL PRIMARY KEY);";
            await create.ExecuteNonQueryAsync(cancellationToken);
        }

        var current = await GetVersionAsync(connection, transaction, cancellationToken);
        if (current > LatestVersion)
        {
            throw new InvalidOperationException(
                $"The database is at schema version {current}, newer than this build of Tally knows ({LatestVersion}). Upgrade Tally.");
        }

        for (var version = current + 1; version <= LatestVersion; version++)
        {
            await using var migrate = connection.CreateCommand();
            migrate.Transaction = transaction;
            migrate.CommandText = Migrations[version - 1];
            await migrate.ExecuteNonQueryAsync(cancellationToken);

            await using var record = connection.CreateCommand();
            record.Transaction = transaction;
            record.CommandText = "INSERT INTO schema_version (version) VALUES ($version);";
            record.Parameters.AddWithValue("$version", version);
            await record.ExecuteNonQueryAsync(cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
        return LatestVersion;
    }

    public static async Task<int> GetVersionAsync(
        SqliteConnection connection, SqliteTransaction? transaction, CancellationToken cancellationToken)
    {
        await using var exists = connection.CreateCommand();
        exists.Transaction = transaction;
        exists.CommandText = "SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND name = 'schema_version';";
        if (Convert.ToInt64(await exists.ExecuteScalarAsync(cancellationToken), System.Globalization.CultureInfo.InvariantCulture) == 0)
        {
            return 0;
        }

        await using var query = connection.CreateCommand();
        query.Transaction = transaction;
        query.CommandText = "SELECT COALESCE(MAX(version), 0) FROM schema_version;";
        return Convert.ToInt32(await query.ExecuteScalarAsync(cancellationToken), System.Globalization.CultureInfo.InvariantCulture);
    }
}
