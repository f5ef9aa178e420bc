namespace Tally.Store.Postgres;

/// <summary>
/// The schema as an append-only list of migrations. Never edit a released migration: add a new
/// one, so every existing database upgrades the same way.
/// </summary>
internal static class PostgresMigrations
{
    /// <param name="Schema">The validated schema name the tables live in.</param>
    /// <param name="SketchType">The column type of HyperLogLog sketches: <c>hll</c> or <c>bytea</c>.</param>
    public readonly record struct Context(string Schema, string SketchType);

    // Text columns that are keys sort bytewise (COLLATE "C"), as in SQLite: reads come back in the
    // same order whatever the database's locale, and the indexes skip locale-aware comparison.
    private static readonly Func<Context, string>[] Migrations =
    [
        // 1: speed views with the consumer offsets and state snapshots committed beside them; batch
        // views (replaced per computed day), archived days with their versions, users' first-seen
        // times and the batch watermark. hll holds distinct-count sketches, sketch any other
        // (duration medians).
        c => $"""
            CREATE TABLE {c.Schema}.speed_cells (
                app_id          text COLLATE "C"  NOT NULL,
                metric          text COLLATE "C"  NOT NULL,
                dimension       text COLLATE "C"  NOT NULL,
                bucket_size     smallint          NOT NULL,
                bucket_start    timestamptz       NOT NULL,
                key             text COLLATE "C"  NOT NULL,
                dimension_value text COLLATE "C"  NOT NULL,
                value           double precision  NOT NULL,
                hll             {c.SketchType},
                sketch          bytea,
                PRIMARY KEY (app_id, metric, dimension, bucket_size, bucket_start, key, dimension_value)
            );
            CREATE INDEX speed_cells_by_age ON {c.Schema}.speed_cells (bucket_size, bucket_start);
            CREATE TABLE {c.Schema}.speed_offsets (
                consumer_group  text    NOT NULL,
                partition       integer NOT NULL,
                next_offset     bigint  NOT NULL,
                PRIMARY KEY (consumer_group, partition)
            );
            CREATE TABLE {c.Schema}.speed_snapshots (
                consumer_group  text    NOT NULL,
                partition       integer NOT NULL,
                state_offset    bigint  NOT NULL,
                state           bytea   NOT NULL,
                PRIMARY KEY (consumer_group, partition)
            );
            CREATE TABLE {c.Schema}.batch_cells (
                app_id          text COLLATE "C"  NOT NULL,
                metric          text COLLATE "C"  NOT NULL,
                dimension       text COLLATE "C"  NOT NULL,
                bucket_size     smallint          NOT NULL,
                bucket_start    timestamptz       NOT NULL,
                key             text COLLATE "C"  NOT NULL,
                dimension_value text COLLATE "C"  NOT NULL,
                value           double precision  NOT NULL,
                hll             {c.SketchType},
                sketch          bytea,
                batch_day       date              NOT NULL,
                PRIMARY KEY (app_id, metric, dimension, bucket_size, bucket_start, key, dimension_value)
            );
            CREATE INDEX batch_cells_by_batch_day ON {c.Schema}.batch_cells (batch_day, app_id);
            CREATE TABLE {c.Schema}.archive_days (
                day              date   NOT NULL PRIMARY KEY,
                archive_version  bigint NOT NULL,
                batched_version  bigint NOT NULL DEFAULT 0
            );
            CREATE TABLE {c.Schema}.first_seen (
                app_id          text COLLATE "C" NOT NULL,
                user_id         text COLLATE "C" NOT NULL,
                first_seen      timestamptz      NOT NULL,
                PRIMARY KEY (app_id, user_id)
            );
            CREATE TABLE {c.Schema}.batch_watermark (
                id              integer NOT NULL PRIMARY KEY CHECK (id = 1),
                next_day        date    NOT NULL
            );
            """,

        // 2: the dead-letter store.
        c => $"""
            CREATE TABLE {c.Schema}.dead_letters (
                id              bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
                app_id          text COLLATE "C" NOT NULL,
                reason          text             NOT NULL,
                detail          text             NOT NULL,
                received_at     timestamptz      NOT NULL,
                raw_event       bytea            NOT NULL
            );
            CREATE INDEX dead_letters_by_app_newest ON {c.Schema}.dead_letters (app_id, received_at DESC, id DESC);
            """,

        // 3: batch leases on the days to batch: the fencing token of the latest claim, its holder
        // (null once committed or released) and when it expires ('-infinity' when free).
        c => $"""
            ALTER TABLE {c.Schema}.archive_days
                ADD COLUMN lease_token      bigint      NOT NULL DEFAULT 0,
                ADD COLUMN lease_holder     text,
                ADD COLUMN lease_expires_at timestamptz NOT NULL DEFAULT '-infinity';
            """,

        // 4: the app registry, shared by every collector and query node. Keys are stored only as
        // SHA-256 hashes; seq orders apps created in the same millisecond by creation.
        c => $"""
            CREATE TABLE {c.Schema}.apps (
                id              text COLLATE "C" NOT NULL PRIMARY KEY,
                name            text             NOT NULL,
                created_at      timestamptz      NOT NULL,
                write_key_hash  bytea            NOT NULL UNIQUE,
                read_key_hash   bytea            NOT NULL UNIQUE,
                seq             bigint GENERATED ALWAYS AS IDENTITY
            );
            """,
    ];

    /// <summary>The version a fully migrated schema has.</summary>
    public static int LatestVersion => Migrations.Length;

    /// <summary>The SQL of migration <paramref name="version"/> (1-based).</summary>
    public static string Sql(int version, Context context) => Migrations[version - 1](context);
}
