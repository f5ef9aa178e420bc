using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Npgsql;

namespace Tally.Testing.Postgres;

/// <summary>
/// A PostgreSQL 15 cluster that one test owns, so it can crash and restart it without disturbing the shared
/// cluster other tests use in parallel: <c>initdb</c> into a temp dir, a free TCP port on 127.0.0.1 and a socket
/// dir of its own, one database <c>tally</c> with the postgresql-hll extension. PostgreSQL refuses to run as
/// root, so every server command runs as the <c>postgres</c> OS user (<c>runuser</c>), which needs root.
/// </summary>
public sealed class PrivatePostgresCluster : IAsyncDisposable
{
    private const string BinDirectory = "/usr/lib/postgresql/15/bin";
    private const string ServerUser = "postgres";
    private const string DatabaseName = "tally";

    // initdb and a first start take a few seconds on a loaded 2-core machine; pg_ctl -w waits up to this.
    private const int StartTimeoutSeconds = 60;

    private readonly string _root;
    private readonly int _port;

    private PrivatePostgresCluster(string root, int port)
    {
        _root = root;
        _port = port;
    }

    /// <summary>The <c>tally</c> database (which has hll), as the superuser over TCP (trust authentication: loopback only).</summary>
    public string ConnectionString => new NpgsqlConnectionStringBuilder
    {
        Host = "127.0.0.1",
        Port = _port,
        Username = ServerUser,
        Database = DatabaseName,
    }.ConnectionString;

    private string DataDirectory => Path.Combine(_root, "data");

    /// <summary>Why a private cluster cannot run here (not root, PostgreSQL 15 or hll missing), or null when it can.</summary>
    public static string? UnavailableReason() =>
        Environment.UserName != "root" ? "A private PostgreSQL cluster needs root (to run the server as the postgres user)."
        : !File.Exists(Path.Combine(BinDirectory, "initdb")) ? "PostgreSQL 15 is not installed (apt-get install -y postgresql postgresql-15-hll)."
        : !File.Exists("/usr/share/postgresql/15/extension/hll.control") ? "postgresql-15-hll is not installed."
        : null;

    /// <summary>Creates the cluster, starts it and creates the <c>tally</c> database with the hll extension.</summary>
    public static async Task<PrivatePostgresCluster> StartAsync(CancellationToken cancellationToken)
    {
        if (UnavailableReason() is { } reason)
        {
            throw new InvalidOperationException(reason);
        }
        var root = Directory.CreateTempSubdirectory("tally-pg-").FullName;
        var cluster = new PrivatePostgresCluster(root, FreePort());
        try
        {
            // The server runs as postgres, which must own the cluster's directory (the temp dir above it is world-searchable).
            await ExternalProgram.RunCheckedAsync("chown", [ServerUser, root], cancellationToken);
            await cluster.RunAsServerUserAsync("initdb", ["-D", cluster.DataDirectory, "--auth=trust", "--no-sync", "-U", ServerUser], cancellationToken);
            await cluster.StartServerAsync(cancellationToken);
            await cluster.CreateDatabaseAsync(cancellationToken);
            return cluster;
        }
        catch (Exception)
        {
            await cluster.DisposeAsync();
            throw;
        }
    }

    /// <summary>A crash: <c>pg_ctl stop -m immediate</c> ends every server process without a checkpoint; the next start replays the WAL.</summary>
    public Task CrashAsync(CancellationToken cancellationToken) =>
        RunAsServerUserAsync("pg_ctl", ["stop", "-D", DataDirectory, "-m", "immediate"], cancellationToken);

    /// <summary>Starts the server (again, on the same port and data) and returns once it accepts connections.</summary>
    public Task StartServerAsync(CancellationToken cancellationToken)
    {
        // fsync off: the faults tested are process crashes, which lose nothing the kernel holds; it saves seconds on a loaded disk.
        string options = string.Create(CultureInfo.InvariantCulture,
            $"-c listen_addresses=127.0.0.1 -c port={_port} -c unix_socket_directories={_root} -c fsync=off");
        return RunAsServerUserAsync("pg_ctl",
            ["start", "-D", DataDirectory, "-w", "-t", StartTimeoutSeconds.ToString(CultureInfo.InvariantCulture), "-l", Path.Combine(_root, "server.log"), "-o", options],
            cancellationToken);
    }

    public async ValueTask DisposeAsync()
    {
        if (File.Exists(Path.Combine(DataDirectory, "postmaster.pid")))
        {
            await RunAsServerUserAsync("pg_ctl", ["stop", "-D", DataDirectory, "-m", "immediate"], CancellationToken.None);
        }
        Directory.Delete(_root, recursive: true);
    }

    private async Task CreateDatabaseAsync(CancellationToken cancellationToken)
    {
        var admin = new NpgsqlConnectionStringBuilder(ConnectionString) { Database = "postgres" }.ConnectionString;
        await using (var source = NpgsqlDataSource.Create(admin))
        await using (var create = source.CreateCommand($"CREATE DATABASE {DatabaseName}"))
        {
            await create.ExecuteNonQueryAsync(cancellationToken);
        }
        await using var tally = NpgsqlDataSource.Create(ConnectionString);
        await using var extension = tally.CreateCommand("CREATE EXTENSION hll");
        await extension.ExecuteNonQueryAsync(cancellationToken);
    }

    private Task RunAsServerUserAsync(string program, IReadOnlyList<string> arguments, CancellationToken cancellationToken) =>
        ExternalProgram.RunCheckedAsync("/usr/sbin/runuser", ["-u", ServerUser, "--", Path.Combine(BinDirectory, program), .. arguments], cancellationToken);

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
