using Npgsql;

namespace Tally.Testing.Postgres;

/// <summary>
/// A PostgreSQL server with the postgresql-hll extension, in a database of its own that is
/// dropped afterwards. <c>TALLY_TEST_POSTGRES</c> (an Npgsql connection string) names the
/// server; without it the local Debian cluster 15/main is started if needed and reached over the
/// Unix socket as a superuser role named after the operating-system user (Debian authenticates
/// socket connections by "peer": OS user = role, so root cannot log in as <c>postgres</c>; the
/// role is created through <c>runuser -u postgres</c>). A missing server fails every test with how to install it.
/// Each test assembly declares its own collection with this fixture (xunit finds collection
/// definitions only in the test assembly).
/// </summary>
public sealed class PostgresFixture : IAsyncLifetime
{
    public const string EnvironmentVariable = "TALLY_TEST_POSTGRES";
    private const string LocalSocketDirectory = "/var/run/postgresql";
    private const string ClusterControl = "/usr/bin/pg_ctlcluster";
    private const string HllControlFile = "/usr/share/postgresql/15/extension/hll.control";

    private const string InstallHint =
        "Install it with `apt-get install -y postgresql postgresql-15-hll` (or run scripts/postgres.sh as root; ./test.sh does it for you), "
        + $"or point {EnvironmentVariable} at a server that has postgresql-hll (an Npgsql connection string).";

    private readonly string _databaseName = $"tally_hll_{Guid.NewGuid():N}";
    private NpgsqlDataSource? _adminSource;
    private NpgsqlDataSource? _dataSource;
    private string? _connectionString;

    public NpgsqlDataSource DataSource =>
        _dataSource ?? throw new InvalidOperationException("The PostgreSQL fixture is not initialised.");

    /// <summary>The connection string of this run's database (which has the hll extension), password included.</summary>
    public string ConnectionString =>
        _connectionString ?? throw new InvalidOperationException("The PostgreSQL fixture is not initialised.");

    public async Task InitializeAsync()
    {
        string? configured = Environment.GetEnvironmentVariable(EnvironmentVariable);
        string adminConnectionString = string.IsNullOrWhiteSpace(configured) ? await StartLocalClusterAsync() : configured;

        _adminSource = NpgsqlDataSource.Create(adminConnectionString);
        await using (var create = _adminSource.CreateCommand($"CREATE DATABASE {_databaseName}"))
        {
            await create.ExecuteNonQueryAsync();
        }

        var builder = new NpgsqlConnectionStringBuilder(adminConnectionString) { Database = _databaseName };
        _connectionString = builder.ConnectionString;
        _dataSource = NpgsqlDataSource.Create(_connectionString);
        try
        {
            await using var extension = _dataSource.CreateCommand("CREATE EXTENSION IF NOT EXISTS hll");
            await extension.ExecuteNonQueryAsync();
        }
        catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.UndefinedFile)
        {
            throw new InvalidOperationException($"The PostgreSQL server has no postgresql-hll extension. {InstallHint}", e);
        }
    }

    public async Task DisposeAsync()
    {
        if (_dataSource is not null)
        {
            await _dataSource.DisposeAsync();
        }
        if (_adminSource is not null)
        {
            await using (var drop = _adminSource.CreateCommand($"DROP DATABASE IF EXISTS {_databaseName} WITH (FORCE)"))
            {
                await drop.ExecuteNonQueryAsync();
            }
            await _adminSource.DisposeAsync();
        }
    }

    private static async Task<string> StartLocalClusterAsync()
    {
        if (!File.Exists(ClusterControl) || !File.Exists(HllControlFile))
        {
            throw new InvalidOperationException(
                $"PostgreSQL 15 with postgresql-hll is not installed and {EnvironmentVariable} is not set. {InstallHint}");
        }
        // pg_ctlcluster status exits 0 when the cluster runs, 3 when it is stopped.
        if (await ExternalProgram.RunAsync(ClusterControl, ["15", "main", "status"]) != 0)
        {
            int exitCode = await ExternalProgram.RunAsync(ClusterControl, ["15", "main", "start"]);
            if (exitCode != 0)
            {
                throw new InvalidOperationException(
                    $"`pg_ctlcluster 15 main start` exited with {exitCode} (it needs root or the postgres user). {InstallHint}");
            }
        }
        string user = Environment.UserName;
        if (user != "postgres")
        {
            await EnsureSuperuserRoleAsync(user);
        }
        return new NpgsqlConnectionStringBuilder { Host = LocalSocketDirectory, Username = user, Database = "postgres" }.ConnectionString;
    }

    private static async Task EnsureSuperuserRoleAsync(string user)
    {
        string quoted = user.Replace("\"", "\"\"", StringComparison.Ordinal);
        string literal = user.Replace("'", "''", StringComparison.Ordinal);
        string sql = $"DO $$ BEGIN IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '{literal}') "
            + $"THEN CREATE ROLE \"{quoted}\" SUPERUSER LOGIN; END IF; END $$";
        int exitCode = await ExternalProgram.RunAsync("/usr/sbin/runuser", ["-u", "postgres", "--", "psql", "-h", LocalSocketDirectory, "-v", "ON_ERROR_STOP=1", "-c", sql]);
        if (exitCode != 0)
        {
            throw new InvalidOperationException(
                $"Could not create the PostgreSQL role '{user}' (psql as postgres exited with {exitCode}; this needs root). {InstallHint}");
        }
    }
}
