using System.Text.Json;
using Tally.Core.Metrics;
using Tally.Core.Views;
using Tally.Archive.Storage;
using Tally.Host.Tests.Crash;
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
/// an S3 archive on s3rver (<c>TALLY_TEST_S3</c>, else a child s3rver; a bucket of the test's own). One speed worker is killed
/// with SIGKILL while load flows; the other takes its partitions over. The final views equal those
/// of an embedded <c>tally up</c> fed the same input.
/// </summary>
[Collection(ScaleOutCollection.Name)]
public sealed class ScaleOutTests(PostgresFixture postgres, S3ServerFixture s3, ITestOutputHelper output)
    : IClassFixture<PostgresFixture>, IClassFixture<S3ServerFixture>, IAsyncLifetime
{
    private const int Batches = 240;
    private const int EventsPerBatch = 10;
    private const int Senders = 4;

    // HLL at precision 14 has a standard error of 1.04/128; two sides each within 3 of them differ by at most 6.
    private static readonly double DistinctBound = 6 * 1.04 / Math.Sqrt(16_384);

    // Eight processes start on a loaded 2-core machine; a healthy run takes a fraction of this.
    private static readonly TimeSpan Deadline = TimeSpan.FromMinutes(8);

    private readonly string _root = Directory.CreateTempSubdirectory("tally-scaleout-").FullName;

    // The scale-out deployment's archive bucket on s3rver, created before the test and deleted after it.
    private string? _bucket;

    // The test's handle on the scale-out deployment's schema, for reading its views at the end.
    private PostgresDatabase? _database;

    [Fact]
    public async Task Scale_out_processes_with_a_speed_worker_killed_end_with_the_views_of_an_embedded_run()
    {
        string natsUrl = ScaleOutDeployment.NatsUrlFromEnvironment();
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
        await using var deployment = ScaleOutDeployment.Create(_root, natsUrl, postgres.ConnectionString, output, s3.Options(_bucket!, prefix: ""));
        var appIds = new List<string>();
        var writeKeys = new List<string>();
        foreach (var name in new[] { "Scale-out A", "Scale-out B" })
        {
            var (appId, writeKey) = await deployment.CreateAppAsync(name, token);
            appIds.Add(appId);
            writeKeys.Add(writeKey);
        }
        var listed = await TallyCommand.RunAsync(_root, deployment.Settings, ["apps", "list", "--json"], token);
        Assert.True(listed.ExitCode == 0, listed.Error);
        Assert.All(appIds, id => Assert.Contains(id, listed.Output, StringComparison.Ordinal));

        var collectors = new[] { await deployment.ServeAsync("collector-1", "collector", token), await deployment.ServeAsync("collector-2", "collector", token) };
        var speed1 = await deployment.ServeAsync("speed-1", "speed", token);
        var speed2 = await deployment.ServeAsync("speed-2", "speed", token);
        await deployment.ServeAsync("archive-1", "archive", token);
        await deployment.ServeAsync("batch-1", "batch", token);
        await deployment.ServeAsync("query-1", "query", token);

        var traffic = new ScaleOutTraffic(writeKeys, start, EventsPerBatch);
        using var load = new CollectorLoad([.. collectors.Select(c => c.BaseAddress)], traffic.Next);
        await load.SendAsync(1, Batches / 2, Senders, token);
        // Mid-stream: the second half flows while one speed worker dies without a word.
        var secondHalf = load.SendAsync(Batches / 2 + 1, Batches, Senders, token);
        await speed1.KillAsync(token);
        await secondHalf;
        output.WriteLine($"scale-out: {load.Acknowledged} events acknowledged by two collectors; speed worker {speed1.Id} killed");

        _database = new PostgresDatabase(postgres.ConnectionString, deployment.Schema);
        var store = new PostgresViewStore(_database);
        var archived = await WaitForEverythingAsync(store, appIds, deployment.Archive, start, token);

        // The views are complete, so the survivor has read the dead worker's partitions: its last assignment is all of them.
        var assignments = speed2.Transcript.Split('\n').Where(line => line.Contains("now reads partitions", StringComparison.Ordinal)).ToList();
        Assert.Contains("now reads partitions [0,1,2,3] (1 members)", assignments[^1], StringComparison.Ordinal);
        Assert.True(assignments.Count >= 3, "speed-2 should have started alone, shared with speed-1, then taken every partition over");
        return new Outcome(store, appIds, archived);
    }

    private async Task<Outcome> RunEmbeddedAsync(DateTimeOffset start, CancellationToken token)
    {
        string data = Directory.CreateDirectory(Path.Combine(_root, "embedded")).FullName;
        var apps = new[] { await TestApps.CreateAsync(data, "Scale-out A"), await TestApps.CreateAsync(data, "Scale-out B") };
        await using var tally = await TallyProcess.StartAsync(data, output, token, ScaleOutDeployment.WorkerSettings);
        var traffic = new ScaleOutTraffic([.. apps.Select(a => a.WriteKey)], start, EventsPerBatch);
        using var load = new CollectorLoad([tally.BaseAddress], traffic.Next);
        await load.SendAsync(1, Batches, Senders, token);

        var store = new SqliteViewStore(SqliteDatabase.InDataDirectory(data));
        var appIds = apps.Select(a => a.AppId).ToList();
        var archived = await WaitForEverythingAsync(store, appIds, new LocalDirectoryObjectStore(Path.Combine(data, "archive")), start, token);
        return new Outcome(store, appIds, archived);
    }

    private static async Task<IReadOnlyList<string>> WaitForEverythingAsync(
        IViewStore store, IReadOnlyList<string> appIds, Core.Archive.IObjectStore archive, DateTimeOffset start, CancellationToken token) =>
        await DeploymentCompletion.WaitAsync(store, appIds, archive, start.AddDays(-1), start.AddDays(2), Batches * EventsPerBatch, token);

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
