using Microsoft.Data.Sqlite;

namespace Tally.Store.Sqlite;

/// <summary>
/// The SQLite database file shared by the SQLite stores (<c>views.db</c> in the data dir).
/// Several processes may open it at once (a running <c>tally up</c> and a <c>tally apps create</c>
/// in another terminal), so it runs in WAL mode and every connection waits on a busy database
/// instead of failing.
/// </summary>
public sealed class SqliteDatabase
{
    /// <summary>The file name of the database inside the data dir.</summary>
    public const string FileName = "views.db";

    // Long enough to ride out another process's write transaction (they are short), short enough
    // that a wedged database shows up as an error rather than a hung request.
    private const int BusyTimeoutMilliseconds = 5_000;

    private readonly string _connectionString;

    public SqliteDatabase(string path)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        FilePath = Path.GetFullPath(path);
        _connectionString = new SqliteConnectionStringBuilder
        {
            DataSource = FilePath,
            Mode = SqliteOpenMode.ReadWriteCreate,
            Pooling = true,
            // Microsoft.Data.Sqlite also retries SQLITE_BUSY itself for up to the command timeout.
            DefaultTimeout = BusyTimeoutMilliseconds / 1000,
        }.ToString();
    }

    /// <summary>The database of data dir <paramref name="dataDirectory"/>.</summary>
    public static SqliteDatabase InDataDirectory(string dataDirectory) =>
        new(Path.Combine(dataDirectory, FileName));

    public string FilePath { get; }

    /// <summary>The schema version this build migrates to.</summary>
    public static int LatestSchemaVersion => SqliteMigrations.LatestVersion;

    /// <summary>
    /// Opens a connection. <c>synchronous=FULL</c> makes every committed transaction survive a
    /// power loss, which the stores rely on: they acknowledge dead letters and hand out app keys
    /// only after their commit.
    /// </summary>
    public async Task<SqliteConnection> OpenConnectionAsync(CancellationToken cancellationToken = default)
    {
        var connection = new SqliteConnection(_connectionString);
        try
        {
            await connection.OpenAsync(cancellationToken);
            await using var pragmas = connection.CreateCommand();
            pragmas.CommandText = $"PRAGMA busy_timeout = {BusyTimeoutMilliseconds}; PRAGMA synchronous = FULL;";
            await pragmas.ExecuteNonQueryAsync(cancellationToken);
            return connection;
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }

    /// <summary>
    /// Creates the file if needed, switches it to WAL mode and applies pending migrations. Safe to
    /// call from several processes at once: migrations run in one write transaction.
    /// </summary>
    /// <returns>The schema version after migrating.</returns>
    public async Task<int> MigrateAsync(CancellationToken cancellationToken = default)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(FilePath)!);
        await using var connection = await OpenConnectionAsync(cancellationToken);

        // WAL lets readers (the collector's key lookups) run while another process writes;
        // the mode is stored in the file, so setting it once here covers every later connection.
        await using (var wal = connection.CreateCommand())
        {
            wal.CommandText = "PRAGMA journal_mode = WAL;";
            await wal.ExecuteNonQueryAsync(cancellationToken);
        }

        return await SqliteMigrations.ApplyAsync(connection, cancellationToken);
    }

    /// <summary>The schema version of the file, or 0 when it has never been migrated.</summary>
    public async Task<int> GetSchemaVersionAsync(CancellationToken cancellationToken = default)
    {
        // Asking must not create the file (a health check would otherwise mask a missing data dir).
        if (!File.Exists(FilePath))
        {
            return 0;
        }

        await using var connection = await OpenConnectionAsync(cancellationToken);
        return await SqliteMigrations.GetVersionAsync(connection, transaction: null, cancellationToken);
    }
}
