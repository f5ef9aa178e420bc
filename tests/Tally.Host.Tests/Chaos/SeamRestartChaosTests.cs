using System.Diagnostics;
using Tally.Host.Tests.ScaleOut;
using Tally.Testing.Nats;
using Tally.Testing.Postgres;
using Xunit.Abstractions;

namespace Tally.Host.Tests.Chaos;

/// <summary>
/// The chaos tier's seam outages: the scale-out deployment of <see cref="RoleKillChaosTests"/> under the same steady
/// load, on a NATS server or a PostgreSQL cluster of the test's own (the shared ones serve other tests in parallel),
/// which is crashed and restarted on the same port and data. Every role must reconnect by itself, and nothing
/// acknowledged may be lost or counted twice.
/// </summary>
[Trait("Category", "Chaos")]
[Collection(ScaleOutCollection.Name)]
public sealed class SeamRestartChaosTests(PostgresFixture postgres, ITestOutputHelper output) : IClassFixture<PostgresFixture>, IDisposable
{
    private const int AcknowledgedBeforeCrash = 400;

    // What piles up for the workers while PostgreSQL is down (the collector keeps acknowledging: the log is up).
    private const int AcknowledgedWhilePostgresDown = 200;

    // Five processes start and a server restarts on a loaded 2-core machine; a healthy run takes well under a minute.
    private static readonly TimeSpan Deadline = TimeSpan.FromMinutes(4);

    private readonly string _root = Directory.CreateTempSubdirectory("tally-chaos-").FullName;

    [Fact]
    public async Task NATS_killed_under_load_and_restarted_loses_nothing_and_counts_nothing_twice()
    {
        using var deadline = new CancellationTokenSource(Deadline);
        var token = deadline.Token;
        await using var nats = await NatsServerProcess.StartAsync();
        await using var chaos = await ChaosDeployment.StartAsync(_root, nats.Url, postgres.ConnectionString, "Chaos NATS", output, token);

        // 1. Steady load; SIGKILL nats-server. The collector refuses with 503 and Retry-After (CollectorLoad fails on anything else).
        await chaos.AcknowledgedAsync(AcknowledgedBeforeCrash, token);
        await nats.StopAsync();
        long refusedAtCrash = chaos.Load.Unavailable;
        await chaos.UntilAsync(() => Task.FromResult(chaos.Load.Unavailable > refusedAtCrash), token);

        // 2. Restart it on the same port and store dir: JetStream file storage keeps the stream and the consumers.
        long backlog = chaos.Load.Acknowledged;
        var restart = Stopwatch.StartNew();
        await nats.RestartAsync();
        await chaos.UntilAsync(() => Task.FromResult(chaos.Load.Acknowledged > backlog), token);
        var collectorBack = restart.Elapsed;
        // Caught up with records appended after the restart: the workers read from the restarted server, not just before it.
        long appendedAfterRestart = chaos.Load.Acknowledged;
        await chaos.UntilAsync(async () => await chaos.SpeedCountsAsync(appendedAfterRestart, token)
            && await chaos.ArchiveHoldsAsync(appendedAfterRestart, token) && await chaos.AllHealthyAsync(token), token);
        var recovery = restart.Elapsed;
        output.WriteLine($"NATS restart: collector acknowledged again after {collectorBack.TotalSeconds:F1} s, speed and archive caught up after {recovery.TotalSeconds:F1} s");

        // 3. Everything acknowledged has gone through every stage, once.
        await chaos.FinishAsync("NATS SIGKILL + restart", recovery, "restart-nats", token);
    }

    [RootFact("run a private PostgreSQL cluster as the postgres user")]
    public async Task PostgreSQL_crashed_under_load_and_restarted_loses_nothing_and_counts_nothing_twice()
    {
        using var deadline = new CancellationTokenSource(Deadline);
        var token = deadline.Token;
        await using var cluster = await PrivatePostgresCluster.StartAsync(token);
        await using var chaos = await ChaosDeployment.StartAsync(
            _root, ScaleOutDeployment.NatsUrlFromEnvironment(), cluster.ConnectionString, "Chaos PostgreSQL", output, token);

        // 1. Steady load; crash PostgreSQL (immediate stop: no checkpoint, WAL replay on start). Work piles up for
        //    speed, archive (its day marks) and batch; every process's health check sees the view store gone.
        await chaos.AcknowledgedAsync(AcknowledgedBeforeCrash, token);
        await cluster.CrashAsync(token);
        await chaos.AcknowledgedAsync(chaos.Load.Acknowledged + AcknowledgedWhilePostgresDown, token);
        Assert.False(await chaos.Processes["speed"].IsHealthyAsync(token));

        // 2. Start it again; recovery ends when every role is healthy and speed and batch count what piled up.
        //    Speed commits view deltas with its offsets in one transaction: a commit cut by the crash is replayed, not doubled.
        long backlog = chaos.Load.Acknowledged;
        var restart = Stopwatch.StartNew();
        await cluster.StartServerAsync(token);
        await chaos.UntilAsync(async () =>
            await chaos.AllHealthyAsync(token) && await chaos.SpeedCountsAsync(backlog, token) && await chaos.BatchCountsAsync(backlog, token), token);
        var recovery = restart.Elapsed;

        // 3. Everything acknowledged has gone through every stage, once.
        await chaos.FinishAsync("PostgreSQL crash + restart", recovery, "restart-postgres", token);
    }

    public void Dispose() => Directory.Delete(_root, recursive: true);
}
