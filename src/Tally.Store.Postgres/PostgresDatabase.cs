using System.Runtime.CompilerServices;
using Npgsql;

namespace Tally.Store.Postgres;

/// <summary>
/// The PostgreSQL database and schema shared by the PostgreSQL stores, with its connection pool.
/// Any number of Tally processes may use it at once; each runs <see cref="MigrateAsync"/> at start.
/// </summary>
public sealed class PostgresDatabase : IAsyncDisposable
{
    private readonly NpgsqlDataSource _dataSource;

    // Boxed so that publishing it is one atomic reference write; read by every store call.
    private StrongBox<SketchStorage>? _sketchStorage;

    /// <param name="connectionString">An Npgsql connection string.</param>
    /// <param name="schema">The schema holding Tally's tables (see <see cref="PostgresStoreOptions.Schema"/>).</param>
    public PostgresDatabase(string connectionString, string schema)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(connectionString);
        Schema = SchemaName.Validate(schema, nameof(schema));
        _dataSource = NpgsqlDataSource.Create(connectionString);
    }

    public PostgresDatabase(PostgresStoreOptions options)
        : this(options?.ConnectionString ?? throw new ArgumentNullException(nameof(options)), options.Schema)
    {
    }

    public string Schema { get; }

    /// <summary>The schema version this build migrates to.</summary>
    public static int LatestSchemaVersion => PostgresMigrations.LatestVersion;

    public ValueTask<NpgsqlConnection> OpenConnectionAsync(CancellationToken cancellationToken = default) =>
        _dataSource.OpenConnectionAsync(cancellationToken);

    /// <summary>
    /// Creates the schema if needed and applies pending migrations, in one transaction. Safe to call
    /// from several processes at once: a transaction-scoped advisory lock makes the others wait and
    /// then find nothing left to do. The first migration decides <see cref="SketchStorage"/>: it
    /// creates the postgresql-hll extension when it is installed and the role may, else falls back to bytea.
    /// </summary>
    /// <returns>The schema version after migrating.</returns>
    public async Task<int> MigrateAsync(CancellationToken cancellationToken = default)
    {
        await using var connection = await OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await using (var lockSchema = new NpgsqlCommand("SELECT pg_advisory_xact_lock(hashtextextended(@name, 0));", connection))
        {
            lockSchema.Parameters.AddWithValue("name", $"tally.migrate.{Schema}");
            await lockSchema.ExecuteNonQueryAsync(cancellationToken);
        }
        await ExecuteAsync(connection, $"""
            CREATE SCHEMA IF NOT EXISTS {Schema};
            CREATE TABLE IF NOT EXISTS {Schema}.schema_version (version integer NOT NULL PRIMARY KEY);
            """, cancellationToken);

        int current;
        await using (var query = new NpgsqlCommand($"SELECT COALESCE(MAX(version), 0) FROM {Schema}.schema_version;", connection))
        {
            current = (int)(await query.ExecuteScalarAsync(cancellationToken))!;
        }
        if (current > LatestSchemaVersion)
        {
            throw new InvalidOperationException(
                $"Schema '{Schema}' is at version {current}, newer than this build of Tally knows ({LatestSchemaVersion}). Upgrade Tally.");
        }

        if (current < LatestSchemaVersion)
        {
            var storage = current == 0
                ? await CreateHllExtensionAsync(connection, transaction, cancellationToken)
                : await ReadSketchStorageAsync(connection, cancellationToken);
            var context = new PostgresMigrations.Context(Schema, storage == SketchStorage.Hll ? "hll" : "bytea");
            for (int version = current + 1; version <= LatestSchemaVersion; version++)
            {
                await ExecuteAsync(connection, PostgresMigrations.Sql(version, context), cancellationToken);
                await using var record = new NpgsqlCommand($"INSERT INTO {Schema}.schema_version (version) VALUES (@version);", connection);
                record.Parameters.AddWithValue("version", version);
                await record.ExecuteNonQueryAsync(cancellationToken);
            }
        }

        await transaction.CommitAsync(cancellationToken);
        return LatestSchemaVersion;
    }

    /// <summary>The schema version, or 0 when the schema has never been migrated. Creates nothing.</summary>
    public async Task<int> GetSchemaVersionAsync(CancellationToken cancellationToken = default)
    {
        await using var connection = await OpenConnectionAsync(cancellationToken);
        await using var query = new NpgsqlCommand(
            $"SELECT to_regclass(@table) IS NOT NULL;", connection);
        query.Parameters.AddWithValue("table", $"{Schema}.schema_version");
        if (!(bool)(await query.ExecuteScalarAsync(cancellationToken))!)
        {
            return 0;
        }
        await using var version = new NpgsqlCommand($"SELECT COALESCE(MAX(version), 0) FROM {Schema}.schema_version;", connection);
        return (int)(await version.ExecuteScalarAsync(cancellationToken))!;
    }

    /// <summary>How the migrated schema stores distinct-count sketches; asked once, then remembered.</summary>
    /// <exception cref="InvalidOperationException">The schema has not been migrated.</exception>
    public async ValueTask<SketchStorage> GetSketchStorageAsync(CancellationToken cancellationToken = default)
    {
        if (_sketchStorage is { } known)
        {
            return known.Value;
        }
        await using var connection = await OpenConnectionAsync(cancellationToken);
        var storage = await ReadSketchStorageAsync(connection, cancellationToken);
        _sketchStorage = new StrongBox<SketchStorage>(storage);
        return storage;
    }

    public ValueTask DisposeAsync() => _dataSource.DisposeAsync();

    private async Task<SketchStorage> ReadSketchStorageAsync(NpgsqlConnection connection, CancellationToken cancellationToken)
    {
        await using var query = new NpgsqlCommand("""
            SELECT t.typname FROM pg_attribute a JOIN pg_type t ON t.oid = a.atttypid
            WHERE a.attrelid = to_regclass(@table) AND a.attname = 'hll';
            """, connection);
        query.Parameters.AddWithValue("table", $"{Schema}.speed_cells");
        return await query.ExecuteScalarAsync(cancellationToken) switch
        {
            "hll" => SketchStorage.Hll,
            "bytea" => SketchStorage.Bytea,
            _ => throw new InvalidOperationException(
                $"Schema '{Schema}' holds no Tally views: run the migrations ({nameof(PostgresDatabase)}.{nameof(MigrateAsync)}) first."),
        };
    }

    /// <summary>
    /// Tries <c>CREATE EXTENSION hll</c> inside a savepoint, so that a failure leaves the migration's
    /// transaction usable: an uninstalled extension or a role without the right falls back to bytea.
    /// </summary>
    private static async Task<SketchStorage> CreateHllExtensionAsync(
        NpgsqlConnection connection, NpgsqlTransaction transaction, CancellationToken cancellationToken)
    {
        const string Savepoint = "create_hll";
        await transaction.SaveAsync(Savepoint, cancellationToken);
        try
        {
            await ExecuteAsync(connection, "CREATE EXTENSION IF NOT EXISTS hll;", cancellationToken);
            await transaction.ReleaseAsync(Savepoint, cancellationToken);
            return SketchStorage.Hll;
        }
        catch (PostgresException e) when (e.SqlState is PostgresErrorCodes.UndefinedFile or PostgresErrorCodes.InsufficientPrivilege)
        {
            await transaction.RollbackAsync(Savepoint, cancellationToken);
            return SketchStorage.Bytea;
        }
    }

    private static async Task ExecuteAsync(NpgsqlConnection connection, string sql, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
