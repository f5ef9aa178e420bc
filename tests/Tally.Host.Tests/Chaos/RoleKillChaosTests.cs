using System.Diagnostics;
using Tally.Host.Tests.ScaleOut;
using Tally.Testing.Postgres;
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
    private const int AcknowledgedBeforeKill = 400;

    // What piles up for the dead role before it comes back (a killed collector cannot acknowledge: it restarts at once).
    private const int AcknowledgedWhileDown = 200;

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
        await using var chaos = await ChaosDeployment.StartAsync(
            _root, ScaleOutDeployment.NatsUrlFromEnvironment(), postgres.ConnectionString, $"Chaos {role}", output, token);

        // 1. Steady load; once it flows through every role, SIGKILL the role under test.
        await chaos.AcknowledgedAsync(AcknowledgedBeforeKill, token);
        await chaos.Processes[role].KillAsync(token);
        if (role != "collector")
        {
            await chaos.AcknowledgedAsync(chaos.Load.Acknowledged + AcknowledgedWhileDown, token);
        }

        // 2. Restart it where it was; recovery ends when it has done the work that piled up (or serves again).
        long backlog = chaos.Load.Acknowledged;
        var restart = Stopwatch.StartNew();
        await chaos.RestartAsync(role, token);
        await chaos.UntilAsync(() => CaughtUpAsync(chaos, role, backlog, token), token);
        var recovery = restart.Elapsed;

        // 3. Everything acknowledged has gone through every stage, once.
        await chaos.FinishAsync($"SIGKILL {role}", recovery, $"kill-{role}", token);
    }

    /// <summary>Whether the restarted role has done the work that piled up while it was down (or, for stateless roles, serves again).</summary>
    private static async Task<bool> CaughtUpAsync(ChaosDeployment chaos, string role, long backlog, CancellationToken token) => role switch
    {
        // The only collector: an acknowledgement past the backlog is one it gave after the restart.
        "collector" => chaos.Load.Acknowledged > backlog,
        "speed" => await chaos.SpeedCountsAsync(backlog, token),
        "archive" => await chaos.ArchiveHoldsAsync(backlog, token),
        "batch" => await chaos.BatchCountsAsync(backlog, token),
        // Healthy (the restart waited for /healthz) is serving: it keeps no state of its own.
        "query" => true,
        _ => throw new ArgumentOutOfRangeException(nameof(role), role, "Not a role."),
    };

    public void Dispose() => Directory.Delete(_root, recursive: true);
}
