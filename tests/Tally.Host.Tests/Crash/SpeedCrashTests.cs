using System.Diagnostics;
using Microsoft.Data.Sqlite;
using Tally.Core.Events;
using Tally.Core.Metrics;
using Tally.Core.Views;
using Tally.Log;
using Tally.Store.Sqlite;
using Tally.Views.Exact;
using Xunit.Abstractions;

namespace Tally.Host.Tests.Crash;

/// <summary>
/// Exactly-once of the speed layer end to end: the real <c>tally up</c> (collector and speed layer
/// in one process, committing every 200 ms) is killed with SIGKILL at random points while events
/// flow, once right after a start (while it restores and replays), and recovers each time. Once it has
/// caught up with the log, its views hold exactly the counts of the events in the log: nothing lost,
/// nothing counted twice, duplicates (the same message id sent twice) counted once.
/// </summary>
public sealed class SpeedCrashTests(ITestOutputHelper output) : IDisposable
{
    private const int Senders = 8;
    private const int EventsPerBatch = 20;
    private const int MinAcknowledgedBeforeKill = 1_000;
    private const int MaxAcknowledgedBeforeKill = 4_000;

    // The speed layer's relative error bound for distinct counts: 3 standard errors of HLL at precision 14.
    private static readonly double DistinctBound = 3 * 1.04 / Math.Sqrt(16_384);

    // Generous for a loaded 2-core machine; a healthy run takes a fraction of it.
    private static readonly TimeSpan Deadline = TimeSpan.FromMinutes(3);

    // Commits often, so kills land between many commits; snapshots now and then, so restarts replay from
    // a snapshot as well as from the start of the log.
    private static readonly Dictionary<string, string> SpeedSettings = new()
    {
        ["TALLY__SPEED__COMMITINTERVAL"] = "00:00:00.200",
        ["TALLY__SPEED__FETCHMAXWAIT"] = "00:00:00.100",
        ["TALLY__SPEED__SNAPSHOTINTERVAL"] = "00:00:01",
    };

    private readonly TempDataDirectory _dataDir = new();

    /// <summary>What each start of <c>tally up</c> is followed by.</summary>
    private enum Round
    {
        LoadThenKill,
        KillAtOnce,
    }

    [Fact]
    public async Task Speed_views_count_every_logged_event_exactly_once_after_SIGKILLs_of_tally_up()
    {
        using var deadline = new CancellationTokenSource(Deadline);
        var started = Stopwatch.StartNew();
        int seed = Environment.TickCount;
        var random = new Random(seed);
        output.WriteLine($"seed {seed}");
        var apps = new[] { await TestApps.CreateAsync(_dataDir.Path, "Speed crash A"), await TestApps.CreateAsync(_dataDir.Path, "Speed crash B") };
        var traffic = new SpeedTraffic([.. apps.Select(a => a.WriteKey)], EventsPerBatch);
        var load = new BatchLoad(traffic.Next);

        // 1. Send under load and SIGKILL at random points; once, kill right after start.
        foreach (var round in new[] { Round.LoadThenKill, Round.KillAtOnce, Round.LoadThenKill, Round.LoadThenKill })
        {
            await using var tally = await TallyProcess.StartAsync(_dataDir.Path, output, deadline.Token, SpeedSettings);
            if (round == Round.KillAtOnce)
            {
                await tally.KillAsync(deadline.Token);
                continue;
            }
            int target = random.Next(MinAcknowledgedBeforeKill, MaxAcknowledgedBeforeKill + 1);
            await load.RunUntilKilledAsync(tally, Senders, target, deadline.Token);
        }

        // 2. Nothing runs now: the log, recovered as the host will, is what the views must count.
        var (logged, bounds) = await LogContents.ReadAsync(_dataDir.Path, deadline.Token);
        var unique = ExactViews.Unique(logged);
        output.WriteLine($"{load.Acknowledged.Count} events acknowledged; the log holds {logged.Count}, {unique.Count} unique");
        var loggedIds = logged.Select(e => e.MessageId).ToHashSet(StringComparer.Ordinal);
        Assert.All(load.Acknowledged, id => Assert.Contains(id, loggedIds));
        Assert.True(logged.Count > unique.Count, "No message id reached the log twice: the duplicates were not exercised.");

        // 3. Restart and wait until the speed layer has committed up to the end of every partition.
        var store = new SqliteViewStore(SqliteDatabase.InDataDirectory(_dataDir.Path));
        await using (var tally = await TallyProcess.StartAsync(_dataDir.Path, output, deadline.Token, SpeedSettings))
        {
            await WaitUntilCaughtUpAsync(store, bounds, deadline.Token);
            output.WriteLine($"caught up after {started.Elapsed.TotalSeconds:F1} s");

            // 4. Counts exact, distinct counts within the HLL bound.
            var exact = ExactViews.Totals(unique);
            foreach (var (appId, _) in apps)
            {
                await AssertCountsAsync(store, appId, exact, unique, deadline.Token);
            }
            Assert.Equal(0, await tally.StopAsync(deadline.Token));
        }
        output.WriteLine($"{started.Elapsed.TotalSeconds:F1} s in all");
    }

    private static async Task WaitUntilCaughtUpAsync(IViewStore store, PartitionBounds[] bounds, CancellationToken cancellationToken)
    {
        while (true)
        {
            var checkpoint = await store.LoadSpeedCheckpointAsync(new Speed.SpeedOptions().ConsumerGroup, cancellationToken);
            // An empty partition never gets an offset: nothing was ever committed for it.
            if (Enumerable.Range(0, bounds.Length).All(p => checkpoint.Offsets.GetValueOrDefault(p, bounds[p].Start) == bounds[p].End))
            {
                return;
            }
            // Commits come every 200 ms; the deadline bounds the wait.
            await Task.Delay(TimeSpan.FromMilliseconds(50), cancellationToken);
        }
    }

    private static async Task AssertCountsAsync(
        IViewStore store,
        string appId,
        Dictionary<(string App, string Metric, string Key, DateTimeOffset Hour), double> exact,
        List<TallyEvent> unique,
        CancellationToken cancellationToken)
    {
        var expected = exact.Where(c => c.Key.App == appId).ToList();

        var events = await ReadTotalsAsync(store, appId, Metrics.Events.Name, cancellationToken);
        var expectedEvents = expected.Where(c => c.Key.Metric == Metrics.Events.Name).GroupBy(c => c.Key.Key).ToDictionary(g => g.Key, g => g.Sum(c => c.Value));
        Assert.Equal(expectedEvents.OrderBy(e => e.Key), events.GroupBy(c => c.Key.Key).ToDictionary(g => g.Key, g => g.Sum(c => c.Value)).OrderBy(e => e.Key));
        Assert.Equal(unique.Count(e => e.AppId == appId), events.Sum(c => c.Value));

        var sessions = await ReadTotalsAsync(store, appId, Metrics.Sessions.Name, cancellationToken);
        double expectedSessions = expected.Where(c => c.Key.Metric == Metrics.Sessions.Name).Sum(c => c.Value);
        Assert.True(expectedSessions > 0);
        Assert.Equal(expectedSessions, sessions.Sum(c => c.Value));

        var activeUsers = (await ReadTotalsAsync(store, appId, Metrics.ActiveUsers.Name, cancellationToken)).ToDictionary(c => c.Key.BucketStart, c => c.Value);
        var expectedActive = expected.Where(c => c.Key.Metric == Metrics.ActiveUsers.Name).ToDictionary(c => c.Key.Hour, c => c.Value);
        Assert.Equal(expectedActive.Keys.Order(), activeUsers.Keys.Order());
        Assert.All(expectedActive, hour => Assert.True(
            Math.Abs(activeUsers[hour.Key] - hour.Value) <= DistinctBound * hour.Value,
            $"active_users of {appId} at {hour.Key:u}: {activeUsers[hour.Key]}, exact {hour.Value}"));
    }

    /// <summary>The hour cells of one app-wide or per-event metric without breakdown, every key, around now.</summary>
    private static Task<IReadOnlyList<ViewCell>> ReadTotalsAsync(IViewStore store, string appId, string metric, CancellationToken cancellationToken)
    {
        var now = DateTimeOffset.UtcNow;
        return store.ReadSpeedAsync(new ViewQuery(appId, metric, null, Dimension.TotalName, BucketSize.Hour, now.AddDays(-1), now.AddDays(1)), cancellationToken);
    }

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        _dataDir.Dispose();
    }
}
