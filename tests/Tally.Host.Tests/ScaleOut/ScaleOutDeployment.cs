using System.Text.Json;
using Tally.Archive.Storage;
using Tally.Core.Archive;
using Tally.Host.Tests.Crash;
using Tally.ObjectStore.S3;
using Xunit.Abstractions;

namespace Tally.Host.Tests.ScaleOut;

/// <summary>
/// A scale-out deployment on loopback: <c>tally serve</c> processes, one per role group, sharing NATS
/// JetStream (a stream prefix of their own), PostgreSQL (a schema of their own) and an archive on S3
/// (a bucket of their own) or a local directory. Disposing kills every process it still runs.
/// </summary>
internal sealed class ScaleOutDeployment(
    string root, IReadOnlyDictionary<string, string> settings, IObjectStore archive, ITestOutputHelper output) : IAsyncDisposable
{
    public const string NatsVariable = "TALLY_TEST_NATS";

    /// <summary>Short intervals, so workers commit, flush and look for batch jobs often and a test waits seconds, not minutes.</summary>
    public static readonly IReadOnlyDictionary<string, string> WorkerSettings = new Dictionary<string, string>
    {
        ["TALLY__SPEED__COMMITINTERVAL"] = "00:00:00.200",
        ["TALLY__SPEED__FETCHMAXWAIT"] = "00:00:00.100",
        ["TALLY__SPEED__SNAPSHOTINTERVAL"] = "00:00:01",
        ["TALLY__ARCHIVE__FLUSHINTERVAL"] = "00:00:00.200",
        ["TALLY__ARCHIVE__FETCHMAXWAIT"] = "00:00:00.100",
        ["TALLY__BATCH__POLLINTERVAL"] = "00:00:00.500",
        // A killed batch worker's day is taken over this long after its last renewal (every third of it), not 2 minutes.
        ["TALLY__BATCH__LEASEDURATION"] = "00:00:15",
    };

    private readonly List<TallyProcess> _processes = [];

    public IReadOnlyDictionary<string, string> Settings => settings;

    public string Schema => settings["TALLY__VIEWS__POSTGRES__SCHEMA"];

    /// <summary>The deployment's archive, as its archivers and batch workers see it.</summary>
    public IObjectStore Archive => archive;

    /// <summary>The NATS server the tests use (<see cref="NatsVariable"/>), or a clear failure saying how to start one.</summary>
    public static string NatsUrlFromEnvironment() =>
        Environment.GetEnvironmentVariable(NatsVariable) is { Length: > 0 } url
            ? url
            : throw new InvalidOperationException($"{NatsVariable} is not set: run `eval \"$(scripts/nats.sh)\"` (as root) or ./test.sh.");

    /// <summary>A deployment whose processes keep their data dirs under <paramref name="root"/>.</summary>
    /// <param name="s3Archive">The S3 bucket of the archive, or null for a local directory under <paramref name="root"/>.</param>
    public static ScaleOutDeployment Create(
        string root, string natsUrl, string postgresConnectionString, ITestOutputHelper output, S3ObjectStoreOptions? s3Archive = null)
    {
        var settings = new Dictionary<string, string>(WorkerSettings)
        {
            ["TALLY__LOG__ENGINE"] = "nats",
            ["TALLY__LOG__NATS__URL"] = natsUrl,
            ["TALLY__LOG__NATS__PREFIX"] = "t" + Guid.NewGuid().ToString("N"),
            ["TALLY__LOG__NATS__PARTITIONCOUNT"] = "4",
            // Short, so a surviving worker takes a killed one's partitions over within seconds.
            ["TALLY__LOG__NATS__MEMBERHEARTBEATINTERVAL"] = "00:00:00.500",
            ["TALLY__LOG__NATS__MEMBERTIMEOUT"] = "00:00:02",
            ["TALLY__VIEWS__ENGINE"] = "postgres",
            ["TALLY__VIEWS__POSTGRES__CONNECTIONSTRING"] = postgresConnectionString,
            ["TALLY__VIEWS__POSTGRES__SCHEMA"] = $"scaleout_{Guid.NewGuid():N}",
        };
        if (s3Archive is null)
        {
            string directory = Directory.CreateDirectory(Path.Combine(root, "shared-archive")).FullName;
            settings["TALLY__ARCHIVE__ENGINE"] = "local";
            settings["TALLY__ARCHIVE__LOCAL__DIRECTORY"] = directory;
            return new ScaleOutDeployment(root, settings, new LocalDirectoryObjectStore(directory), output);
        }
        settings["TALLY__ARCHIVE__ENGINE"] = "s3";
        settings["TALLY__ARCHIVE__S3__SERVICEURL"] = s3Archive.ServiceUrl!;
        settings["TALLY__ARCHIVE__S3__BUCKET"] = s3Archive.Bucket;
        settings["TALLY__ARCHIVE__S3__FORCEPATHSTYLE"] = "true";
        settings["TALLY__ARCHIVE__S3__ACCESSKEY"] = s3Archive.AccessKey!;
        settings["TALLY__ARCHIVE__S3__SECRETKEY"] = s3Archive.SecretKey!;
        return new ScaleOutDeployment(root, settings, new S3ObjectStore(s3Archive), output);
    }

    /// <summary>Creates an app with <c>tally apps create</c> against the deployment's view store.</summary>
    public async Task<(string AppId, string WriteKey)> CreateAppAsync(string name, CancellationToken cancellationToken)
    {
        var created = await TallyCommand.RunAsync(root, settings, ["apps", "create", name, "--json"], cancellationToken);
        Assert.True(created.ExitCode == 0, created.Error);
        using var json = JsonDocument.Parse(created.Output);
        return (json.RootElement.GetProperty("appId").GetString()!, json.RootElement.GetProperty("writeKey").GetString()!);
    }

    /// <summary>
    /// Starts <c>tally serve --roles <paramref name="roles"/></c> on the data dir <paramref name="name"/> (kept across
    /// restarts) and returns once it is healthy; <paramref name="listenAt"/> as in <see cref="TallyProcess.StartAsync"/>.
    /// </summary>
    public async Task<TallyProcess> ServeAsync(string name, string roles, CancellationToken cancellationToken, Uri? listenAt = null)
    {
        var process = await TallyProcess.StartAsync(
            Directory.CreateDirectory(Path.Combine(root, name)).FullName, output, cancellationToken, settings, ["serve", "--roles", roles], listenAt);
        _processes.Add(process);
        return process;
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var process in _processes)
        {
            await process.DisposeAsync();
        }
        (archive as IDisposable)?.Dispose();
    }
}
