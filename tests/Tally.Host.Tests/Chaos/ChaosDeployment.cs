using Tally.Host.Tests.Crash;
using Tally.Host.Tests.ScaleOut;
using Tally.Store.Postgres;
using Xunit.Abstractions;

namespace Tally.Host.Tests.Chaos;

/// <summary>
/// The scale-out deployment of the chaos tier under its steady load: one <c>tally serve</c> process per role on the
/// given NATS and PostgreSQL, one app whose traffic falls in a closed day, and the load already flowing.
/// <see cref="FinishAsync"/> stops the load and checks the outcome (<see cref="ChaosOutcome"/>).
/// </summary>
internal sealed class ChaosDeployment : IAsyncDisposable
{
    public const int EventsPerBatch = 10;

    public static readonly IReadOnlyList<string> Roles = ["collector", "speed", "archive", "batch", "query"];

    private readonly ScaleOutDeployment _deployment;
    private readonly PostgresDatabase _database;
    private readonly ScaleOutTraffic _traffic;
    private readonly SteadyLoad _steady;
    private readonly CancellationTokenSource _stopLoad;
    private readonly ITestOutputHelper _output;

    private ChaosDeployment(
        ScaleOutDeployment deployment, Dictionary<string, TallyProcess> processes, PostgresDatabase database, string appId,
        ScaleOutTraffic traffic, CollectorLoad load, (DateTimeOffset From, DateTimeOffset To) range, ITestOutputHelper output, CancellationToken token)
    {
        _deployment = deployment;
        Processes = processes;
        _database = database;
        Store = new PostgresViewStore(database);
        AppId = appId;
        _traffic = traffic;
        Load = load;
        (From, To) = range;
        _output = output;
        // Its own source, so disposing stops a load that a failed test never stopped.
        _stopLoad = CancellationTokenSource.CreateLinkedTokenSource(token);
        _steady = SteadyLoad.Start(load, _stopLoad.Token);
    }

    /// <summary>The running process of each role (a restart replaces it).</summary>
    public Dictionary<string, TallyProcess> Processes { get; }

    public PostgresViewStore Store { get; }

    public string AppId { get; }

    public CollectorLoad Load { get; }

    public ScaleOutDeployment Deployment => _deployment;

    /// <summary>The range of event times the traffic falls in (with a day's margin either side).</summary>
    public DateTimeOffset From { get; }

    public DateTimeOffset To { get; }

    /// <summary>Starts every role on <paramref name="natsUrl"/> and <paramref name="postgresConnectionString"/>, creates the app and starts the load.</summary>
    public static async Task<ChaosDeployment> StartAsync(
        string root, string natsUrl, string postgresConnectionString, string appName, ITestOutputHelper output, CancellationToken token)
    {
        // Two days back: a closed day (past the batch grace period) whatever the time of day.
        var start = new DateTimeOffset(DateTime.UtcNow.Date.AddDays(-2).AddHours(12), TimeSpan.Zero);
        var deployment = ScaleOutDeployment.Create(root, natsUrl, postgresConnectionString, output);
        try
        {
            var (appId, writeKey) = await deployment.CreateAppAsync(appName, token);
            var processes = new Dictionary<string, TallyProcess>();
            foreach (var role in Roles)
            {
                processes[role] = await deployment.ServeAsync(role, role, token);
            }
            var traffic = new ScaleOutTraffic([writeKey], start, EventsPerBatch);
            var load = new CollectorLoad([processes["collector"].BaseAddress], traffic.Next);
            var database = new PostgresDatabase(postgresConnectionString, deployment.Schema);
            return new ChaosDeployment(deployment, processes, database, appId, traffic, load, (start.AddDays(-1), start.AddDays(2)), output, token);
        }
        catch (Exception)
        {
            await deployment.DisposeAsync();
            throw;
        }
    }

    /// <summary>Restarts <paramref name="role"/> on its own data dir and address, after it was killed.</summary>
    public async Task RestartAsync(string role, CancellationToken token) =>
        Processes[role] = await _deployment.ServeAsync(role, role, token, listenAt: Processes[role].BaseAddress);

    /// <summary>Waits until the load has <paramref name="count"/> acknowledged events.</summary>
    public Task AcknowledgedAsync(long count, CancellationToken token) => UntilAsync(() => Task.FromResult(Load.Acknowledged >= count), token);

    /// <summary>Polls <paramref name="condition"/> until it holds, failing at once if the load failed.</summary>
    public Task UntilAsync(Func<Task<bool>> condition, CancellationToken token) => Poll.UntilAsync(() =>
    {
        _steady.ThrowIfFaulted();
        return condition();
    }, token);

    /// <summary>Whether the speed views count at least <paramref name="events"/> events of the app.</summary>
    public async Task<bool> SpeedCountsAsync(long events, CancellationToken token) =>
        await DeploymentCompletion.CountedAsync(Store, batch: false, [AppId], From, To, token) >= events;

    /// <summary>Whether the archive holds at least <paramref name="events"/> distinct events.</summary>
    public async Task<bool> ArchiveHoldsAsync(long events, CancellationToken token) =>
        (await ScaleOut.ArchiveContents.ReadMessageIdsAsync(_deployment.Archive, token)).Distinct(StringComparer.Ordinal).Count() >= events;

    /// <summary>
    /// Whether the batch views count at least <paramref name="events"/> events: a batch run has covered them. Not
    /// "no day left to batch": under the running load the archiver marks the day dirty again every flush.
    /// </summary>
    public async Task<bool> BatchCountsAsync(long events, CancellationToken token) =>
        await DeploymentCompletion.CountedAsync(Store, batch: true, [AppId], From, To, token) >= events;

    /// <summary>Whether every role's <c>/healthz</c> answers 200, i.e. each has reconnected to the seams it uses.</summary>
    public async Task<bool> AllHealthyAsync(CancellationToken token)
    {
        foreach (var process in Processes.Values)
        {
            if (!await process.IsHealthyAsync(token))
            {
                return false;
            }
        }
        return true;
    }

    /// <summary>Stops the load, then checks and reports the outcome (<see cref="ChaosOutcome"/>).</summary>
    public async Task FinishAsync(string fault, TimeSpan recovery, string reportName, CancellationToken token)
    {
        long lastBatch = await _steady.StopAsync();
        long acknowledged = Load.Acknowledged;
        Assert.Equal(lastBatch * EventsPerBatch, acknowledged);
        await ChaosOutcome.AssertAsync(
            Store, _deployment.Archive, AppId, _traffic, lastBatch, acknowledged, From, To, fault, recovery, reportName, _output, token);
    }

    public async ValueTask DisposeAsync()
    {
        await _stopLoad.CancelAsync();
        _stopLoad.Dispose();
        Load.Dispose();
        await _database.DisposeAsync();
        await _deployment.DisposeAsync();
    }
}
