using System.Text.Json;
using Tally.Archive.Storage;
using Tally.Core.Archive;
using Tally.Core.Metrics;
using Tally.Core.Views;
using Tally.Host.Tests.Crash;
using Tally.ObjectStore.S3;
using Tally.Store.Postgres;
using Tally.Store.Sqlite;
using Tally.Testing.Postgres;
using Tally.Testing.S3;
using Xunit.Abstractions;

namespace Tally.Host.Tests.ScaleOut;

/// <summary>
/// The scale-out deployment end to end: separate <c>tally serve</c> processes on loopback (two
/// collectors, two speed workers, an archiver, a batch worker, a query node) on NATS JetStream
/// (<c>TALLY_TEST_NATS</c>, see scripts/nats.sh), PostgreSQL (a schema of the test's own) and an
/// S3 archive on s3rver (<c>TALLY_TEST_S3</c>, else a child s3rver; a bucket of the test's own,
/// deleted afterwards), so the processes share nothing but those servers. One speed worker is killed
/// with SIGKILL while load flows; the other takes its partitions over. The final views equal those
/// of an embedded <c>tally up</c> fed the same input.
/// </summary>
public sealed class ScaleOutTests(PostgresFixture postgres, S3ServerFixture s3, ITestOutputHelper output)
    : IClassFixture<PostgresFixture>, IClassFixture<S3ServerFixture>, IAsyncLifetime
{
    private const string NatsVariable = "TALLY_TEST_NATS";
    private const int Batches = 240;
    private const int EventsPerBatch = 10;
    private const int Senders = 4;

    // HLL at precision 14 has a standard error of 1.04/128; two sides each within 3 of them differ by at most 6.
    private static readonly double DistinctBound = 6 * 1.04 / Math.Sqrt(16_384);

    // Eight processes start on a loaded 2-core machine; a healthy run takes a fraction of this.
    private static readonly TimeSpan Deadline = TimeSpan.FromMinutes(8);

    private static readonly Dictionary<string, string> WorkerSettings = new()
    {
        ["TALLY__SPEED__COMMITINTERVAL"] = "00:00:00.200",
        ["TALLY__SPEED__FETCHMAXWAIT"] = "00:00:00.100",
        ["TALLY__SPEED__SNAPSHOTINTERVAL"] = "00:00:01",
        ["TALLY__ARCHIVE__FLUSHINTERVAL"] = "00:00:00.200",
        ["TALLY__ARCHIVE__FETCHMAXWAIT"] = "00:00:00.100",
        ["TALLY__BATCH__POLLINTERVAL"] = "00:00:00.500",
    };

    private readonly string _root = Directory.CreateTempSubdirectory("tally-scaleout-").FullName;

    // The test's handle on the scale-out deployment's schema, for reading its views at the end.
    private PostgresDatabase? _database;

    // The scale-out deployment's archive bucket, created before the test and deleted after it.
    private string? _bucket;

    [Fact]
    public async Task Scale_out_processes_with_a_speed_worker_killed_end_with_the_views_of_an_embedded_run()
    {
        string natsUrl = Environment.GetEnvironmentVariable(NatsVariable) is { Length: > 0 } url
            ? url
            : throw new InvalidOperationException($"{NatsVariable} is not set: run `eval \"$(scripts/nats.sh)\"` (as root) or ./test.sh.");
        using var deadline = new CancellationTokenSource(Deadline);
        var token = deadline.Token;

        // Two days back: a closed day (past the batch grace period) whatever the time of day.
        var start = new DateTimeOffset(DateTime.UtcNow.Date.AddDays(-2).AddHours(12), TimeSpan.Zero);
        var (from, to) = (start.AddDays(-1), start.AddDays(2));

        var scaledOut = await RunScaleOutAsync(natsUrl, start, token);
        var embedded = await RunEmbeddedAsync(start, token);

        // Archive: every event once, on both sides.
        foreach (var side in new[] { scaledOut, embedded })
        {
            Assert.Equal(Batches * EventsPerBatch, side.ArchivedIds.Count);
            Assert.Equal(side.ArchivedIds.Count, side.ArchivedIds.Distinct(StringComparer.Ordinal).Count());
        }
        Assert.Equal(embedded.ArchivedIds.Order(StringComparer.Ordinal), scaledOut.ArchivedIds.Order(StringComparer.Ordinal));

        for (int app = 0; app < 2; app++)
        {
            // Speed views: counts exact, distinct users (and new users, seen through a Bloom filter) within the HLL bound.
            var speedScaled = await Views.ReadAsync(scaledOut.Store, batch: false, scaledOut.AppIds[app], Metrics.Stored, BucketSize.Hour, from, to, token);
            var speedEmbedded = await Views.ReadAsync(embedded.Store, batch: false, embedded.AppIds[app], Metrics.Stored, BucketSize.Hour, from, to, token);
            Assert.Equal(speedEmbedded.Keys.Order(), speedScaled.Keys.Order());
            foreach (var (cell, expected) in speedEmbedded)
            {
                var metric = Metrics.FindStored(cell.Metric)!;
                if (metric == Metrics.Events || metric == Metrics.Sessions)
                {
                    Assert.True(expected == speedScaled[cell], $"speed {cell}: embedded {expected}, scaled out {speedScaled[cell]}");
                }
                else if (metric.Kind == AggregationKind.Distinct || metric == Metrics.NewUsers)
                {
                    Assert.True(Math.Abs(expected - speedScaled[cell]) <= Math.Max(1, DistinctBound * expected),
                        $"speed {cell}: embedded {expected}, scaled out {speedScaled[cell]}");
                }
            }

            // Batch views of the closed day: exact, every metric, hours and the day.
            foreach (var size in new[] { BucketSize.Hour, BucketSize.Day })
            {
                var batchScaled = await Views.ReadAsync(scaledOut.Store, batch: true, scaledOut.AppIds[app], Metrics.Stored, size, from, to, token);
                var batchEmbedded = await Views.ReadAsync(embedded.Store, batch: true, embedded.AppIds[app], Metrics.Stored, size, from, to, token);
                Assert.NotEmpty(batchEmbedded);
                Assert.Equal(batchEmbedded.OrderBy(c => c.Key), batchScaled.OrderBy(c => c.Key));
            }
        }
    }

    /// <summary>What one deployment ended with.</summary>
    private sealed record Outcome(IViewStore Store, IReadOnlyList<string> AppIds, IReadOnlyList<string> ArchivedIds);

    private async Task<Outcome> RunScaleOutAsync(string natsUrl, DateTimeOffset start, CancellationToken token)
    {
        string schema = $"scaleout_{Guid.NewGuid():N}";
        var archive = s3.Options(_bucket!, prefix: "");
        var settings = new Dictionary<string, string>(WorkerSettings)
        {
            ["TALLY__LOG__ENGINE"] = "nats",
            ["TALLY__LOG__NATS__URL"] = natsUrl,
            ["TALLY__LOG__NATS__PREFIX"] = "t" + Guid.NewGuid().ToString("N"),
            ["TALLY__LOG__NATS__PARTITIONCOUNT"] = "4",
            // Short, so the surviving speed worker takes the killed one's partitions over within seconds.
            ["TALLY__LOG__NATS__MEMBERHEARTBEATINTERVAL"] = "00:00:00.500",
            ["TALLY__LOG__NATS__MEMBERTIMEOUT"] = "00:00:02",
            ["TALLY__VIEWS__ENGINE"] = "postgres",
            ["TALLY__VIEWS__POSTGRES__CONNECTIONSTRING"] = postgres.ConnectionString,
            ["TALLY__VIEWS__POSTGRES__SCHEMA"] = schema,
            ["TALLY__ARCHIVE__ENGINE"] = "s3",
            ["TALLY__ARCHIVE__S3__SERVICEURL"] = archive.ServiceUrl!,
            ["TALLY__ARCHIVE__S3__BUCKET"] = archive.Bucket,
            ["TALLY__ARCHIVE__S3__FORCEPATHSTYLE"] = "true",
            ["TALLY__ARCHIVE__S3__ACCESSKEY"] = archive.AccessKey!,
            ["TALLY__ARCHIVE__S3__SECRETKEY"] = archive.SecretKey!,
        };

        var appIds = new List<string>();
        var writeKeys = new List<string>();
        foreach (var name in new[] { "Scale-out A", "Scale-out B" })
        {
            var created = await TallyCommand.RunAsync(_root, settings, ["apps", "create", name, "--json"], token);
            Assert.True(created.ExitCode == 0, created.Error);
            using var json = JsonDocument.Parse(created.Output);
            appIds.Add(json.RootElement.GetProperty("appId").GetString()!);
            writeKeys.Add(json.RootElement.GetProperty("writeKey").GetString()!);
        }
        var listed = await TallyCommand.RunAsync(_root, settings, ["apps", "list", "--json"], token);
        Assert.True(listed.ExitCode == 0, listed.Error);
        Assert.All(appIds, id => Assert.Contains(id, listed.Output, StringComparison.Ordinal));

        var processes = new List<TallyProcess>();
        try
        {
            async Task<TallyProcess> Serve(string name, string roles)
            {
                var process = await TallyProcess.StartAsync(
                    Directory.CreateDirectory(Path.Combine(_root, name)).FullName, output, token, settings, ["serve", "--roles", roles]);
                processes.Add(process);
                return process;
            }
            var collectors = new[] { await Serve("collector-1", "collector"), await Serve("collector-2", "collector") };
            var speed1 = await Serve("speed-1", "speed");
            var speed2 = await Serve("speed-2", "speed");
            await Serve("archive-1", "archive");
            await Serve("batch-1", "batch");
            await Serve("query-1", "query");

            var traffic = new ScaleOutTraffic(writeKeys, start, EventsPerBatch);
            using var load = new CollectorLoad([.. collectors.Select(c => c.BaseAddress)], traffic.Next);
            await load.SendAsync(1, Batches / 2, Senders, token);
            // Mid-stream: the second half flows while one speed worker dies without a word.
            var secondHalf = load.SendAsync(Batches / 2 + 1, Batches, Senders, token);
            await speed1.KillAsync(token);
            await secondHalf;
            output.WriteLine($"scale-out: {load.Acknowledged} events acknowledged by two collectors; speed worker {speed1.Id} killed");

            _database = new PostgresDatabase(postgres.ConnectionString, schema);
            var store = new PostgresViewStore(_database);
            using var archiveStore = new S3ObjectStore(archive);
            var archived = await WaitForEverythingAsync(store, appIds, archiveStore, start, token);

            // The views are complete, so the survivor has read the dead worker's partitions: its last assignment is all of them.
            var assignments = speed2.Transcript.Split('\n').Where(line => line.Contains("now reads partitions", StringComparison.Ordinal)).ToList();
            Assert.Contains("now reads partitions [0,1,2,3] (1 members)", assignments[^1], StringComparison.Ordinal);
            Assert.True(assignments.Count >= 3, "speed-2 should have started alone, shared with speed-1, then taken every partition over");
            return new Outcome(store, appIds, archived);
        }
        finally
        {
            foreach (var process in processes)
            {
                await process.DisposeAsync();
            }
        }
    }

    private async Task<Outcome> RunEmbeddedAsync(DateTimeOffset start, CancellationToken token)
    {
        string data = Directory.CreateDirectory(Path.Combine(_root, "embedded")).FullName;
        var apps = new[] { await TestApps.CreateAsync(data, "Scale-out A"), await TestApps.CreateAsync(data, "Scale-out B") };
        await using var tally = await TallyProcess.StartAsync(data, output, token, WorkerSettings);
        var traffic = new ScaleOutTraffic([.. apps.Select(a => a.WriteKey)], start, EventsPerBatch);
        using var load = new CollectorLoad([tally.BaseAddress], traffic.Next);
        await load.SendAsync(1, Batches, Senders, token);

        var store = new SqliteViewStore(SqliteDatabase.InDataDirectory(data));
        var appIds = apps.Select(a => a.AppId).ToList();
        var archived = await WaitForEverythingAsync(store, appIds, new LocalDirectoryObjectStore(Path.Combine(data, "archive")), start, token);
        return new Outcome(store, appIds, archived);
    }

    /// <summary>Waits until speed and batch views count every event and the archive holds them all; returns the archived ids.</summary>
    private static async Task<IReadOnlyList<string>> WaitForEverythingAsync(
        IViewStore store, IReadOnlyList<string> appIds, IObjectStore archive, DateTimeOffset start, CancellationToken token)
    {
        const int Expected = Batches * EventsPerBatch;
        var (from, to) = (start.AddDays(-1), start.AddDays(2));
        async Task<double> Counted(bool batch)
        {
            double total = 0;
            foreach (var app in appIds)
            {
                total += await Views.CountEventsAsync(store, batch, app, from, to, token);
            }
            return total;
        }

        await Poll.UntilAsync(async () => await Counted(batch: false) >= Expected, token);
        List<string> archived = [];
        await Poll.UntilAsync(async () => (archived = await ArchiveContents.ReadMessageIdsAsync(archive, token)).Count >= Expected, token);
        await Poll.UntilAsync(async () =>
        {
            var progress = await store.LoadBatchProgressAsync(token);
            return progress.Days.Count > 0 && progress.Days.All(d => !d.NeedsBatch) && await Counted(batch: true) >= Expected;
        }, token);
        return archived;
    }

    public async Task InitializeAsync() => _bucket = await s3.CreateBucketAsync();

    public async Task DisposeAsync()
    {
        try
        {
            if (_database is not null)
            {
                await _database.DisposeAsync();
            }
            if (_bucket is not null)
            {
                await s3.DeleteBucketAsync(_bucket);
            }
        }
        finally
        {
            Directory.Delete(_root, recursive: true);
        }
    }
}
