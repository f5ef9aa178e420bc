using Tally.Core.Archive;
using System.Diagnostics;
using Tally.Core.Metrics;
using Tally.Core.Views;
using Tally.Host.Tests.Crash;
using Tally.Host.Tests.ScaleOut;
using Tally.Store.Postgres;
using Tally.Testing.Postgres;
using Tally.Views.Exact;
using Xunit.Abstractions;

namespace Tally.Host.Tests.Chaos;

/// <summary>
/// The chaos tier: a scale-out deployment (one <c>tally serve</c> process per role on NATS JetStream and
/// PostgreSQL) under a steady load; one role's process is killed with SIGKILL, restarted on the same data dir
/// and address, and the test measures how long it takes to catch up. At the end every acknowledged event is in
/// the archive exactly once, the speed views count each once, and the batch views of the closed day are exact.
/// </summary>
[Trait("Category", "Chaos")]
[Collection(ScaleOutCollection.Name)]
public sealed class RoleKillChaosTests(PostgresFixture postgres, ITestOutputHelper output) : IClassFixture<PostgresFixture>, IDisposable
{
    private const int EventsPerBatch = 10;
    private const int AcknowledgedBeforeKill = 400;

    // What piles up for the dead role before it comes back (a killed collector cannot acknowledge: it restarts at once).
    private const int AcknowledgedWhileDown = 200;

    private static readonly string[] Roles = ["collector", "speed", "archive", "batch", "query"];

    // Five processes start and one restarts on a loaded 2-core machine; a healthy run takes well under a minute.
    private static readonly TimeSpan Deadline = TimeSpan.FromMinutes(4);

    private readonly string _root = Directory.CreateTempSubdirectory("tally-chaos-").FullName;

    [Theory]
    [InlineData("collector")]
    [InlineData("speed")]
    [InlineData("archive")]
    [InlineData("batch")]
    [InlineData("query")]
    public async Task A_role_killed_under_load_and_restarted_loses_nothing_and_counts_nothing_twice(string role)
    {
        using var deadline = new CancellationTokenSource(Deadline);
        var token = deadline.Token;
        // Two days back: a closed day (past the batch grace period) whatever the time of day.
        var start = new DateTimeOffset(DateTime.UtcNow.Date.AddDays(-2).AddHours(12), TimeSpan.Zero);
        var (from, to) = (start.AddDays(-1), start.AddDays(2));

        await using var deployment = ScaleOutDeployment.Create(_root, ScaleOutDeployment.NatsUrlFromEnvironment(), postgres.ConnectionString, output);
        var (appId, writeKey) = await deployment.CreateAppAsync($"Chaos {role}", token);
        var processes = new Dictionary<string, TallyProcess>();
        foreach (var name in Roles)
        {
            processes[name] = await deployment.ServeAsync(name, name, token);
        }
        await using var database = new PostgresDatabase(postgres.ConnectionString, deployment.Schema);
        var store = new PostgresViewStore(database);

        // 1. Steady load; once it flows through every role, SIGKILL the role under test.
        var traffic = new ScaleOutTraffic([writeKey], start, EventsPerBatch);
        using var load = new CollectorLoad([processes["collector"].BaseAddress], traffic.Next);
        var steady = SteadyLoad.Start(load, token);
        await Poll.UntilAsync(() => Task.FromResult(load.Acknowledged >= AcknowledgedBeforeKill), token);
        var killed = processes[role];
        await killed.KillAsync(token);
        long acknowledgedAtKill = load.Acknowledged;
        if (role != "collector")
        {
            await Poll.UntilAsync(() => Task.FromResult(load.Acknowledged >= acknowledgedAtKill + AcknowledgedWhileDown), token);
        }

        // 2. Restart it where it was; recovery ends when it has done the work that piled up (or serves again).
        long backlog = load.Acknowledged;
        var restart = Stopwatch.StartNew();
        processes[role] = await deployment.ServeAsync(role, role, token, listenAt: killed.BaseAddress);
        await Poll.UntilAsync(() => CaughtUpAsync(role, store, appId, deployment.Archive, load, backlog, from, to, token), token);
        var recovery = restart.Elapsed;
        long lastBatch = await steady.StopAsync();
        long acknowledged = load.Acknowledged;
        Assert.Equal(lastBatch * EventsPerBatch, acknowledged);

        // 3. Everything acknowledged has gone through every stage: compare with what was sent.
        await DeploymentCompletion.WaitAsync(store, [appId], deployment.Archive, from, to, acknowledged, token);
        var sent = new HashSet<string>(StringComparer.Ordinal);
        for (long batch = 1; batch <= lastBatch; batch++)
        {
            sent.UnionWith(traffic.Next(batch).MessageIds);
        }
        var archived = await Crash.ArchiveContents.ReadStoreAsync(deployment.Archive, token);
        var archivedIds = archived.Select(a => a.Event.MessageId).ToList();
        var unique = ExactViews.Unique(archived.Select(a => a.Event));
        long lost = sent.Except(archivedIds, StringComparer.Ordinal).Count();
        double speedCounted = await DeploymentCompletion.CountedAsync(store, batch: false, [appId], from, to, token);
        double batchCounted = await DeploymentCompletion.CountedAsync(store, batch: true, [appId], from, to, token);
        long countedTwice = (archivedIds.Count - unique.Count) + (long)Math.Max(0, speedCounted - acknowledged) + (long)Math.Max(0, batchCounted - acknowledged);
        new ChaosFigures($"SIGKILL {role}", acknowledged, unique.Count, lost, countedTwice, recovery).Report($"kill-{role}", output);

        Assert.Equal(0, lost);
        Assert.Equal(0, countedTwice);
        Assert.Equal(sent.Order(StringComparer.Ordinal), unique.Select(e => e.MessageId).Order(StringComparer.Ordinal));
        Assert.Equal(acknowledged, speedCounted);
        Assert.Equal(acknowledged, batchCounted);
        await AssertSpeedEventsExactAsync(store, appId, unique, from, to, token);
        await BatchViews.AssertExactAsync(store, appId, unique, from, to, token);
    }

    /// <summary>Whether the restarted role has done the work that piled up while it was down (or, for stateless roles, serves again).</summary>
    private static async Task<bool> CaughtUpAsync(
        string role, IViewStore store, string appId, IObjectStore archive, CollectorLoad load, long backlog,
        DateTimeOffset from, DateTimeOffset to, CancellationToken token) => role switch
        {
            // The only collector: an acknowledgement past the backlog is one it gave after the restart.
            "collector" => load.Acknowledged > backlog,
            "speed" => await DeploymentCompletion.CountedAsync(store, batch: false, [appId], from, to, token) >= backlog,
            "archive" => (await ScaleOut.ArchiveContents.ReadMessageIdsAsync(archive, token)).Distinct(StringComparer.Ordinal).Count() >= backlog,
            "batch" => await DeploymentCompletion.BatchDoneAsync(store, token)
                && await DeploymentCompletion.CountedAsync(store, batch: true, [appId], from, to, token) >= backlog,
            // Healthy (the restart waited for /healthz) is serving: it keeps no state of its own.
            "query" => true,
            _ => throw new ArgumentOutOfRangeException(nameof(role), role, "Not a role."),
        };

    /// <summary>Event counts are exact in the speed layer too (duplicates are filtered, not estimated): hour by hour, as the exact values.</summary>
    private static async Task AssertSpeedEventsExactAsync(
        IViewStore store, string appId, IReadOnlyList<Core.Events.TallyEvent> unique, DateTimeOffset from, DateTimeOffset to, CancellationToken token)
    {
        var expected = ExactViews.Totals(unique).Where(c => c.Key.App == appId && c.Key.Metric == Metrics.Events.Name)
            .Select(c => $"{c.Key.Key} {c.Key.Hour:u} {c.Value}");
        var actual = (await ScaleOut.Views.ReadAsync(store, batch: false, appId, [Metrics.Events], BucketSize.Hour, from, to, token))
            .Select(c => $"{c.Key.Key} {c.Key.Bucket:u} {c.Value}");
        Assert.Equal(expected.Order(StringComparer.Ordinal), actual.Order(StringComparer.Ordinal));
    }

    public void Dispose() => Directory.Delete(_root, recursive: true);
}
