using System.Diagnostics;
using System.Diagnostics.Metrics;
using System.Globalization;
using System.Security.Cryptography;
using Tally.Batch;
using Tally.Core.Apps;
using Tally.Host.Cli;
using Tally.Host.Configuration;
using Tally.Host.Hosting;
using Tally.Simulator;

namespace Tally.Host.Demo;

/// <summary>
/// <c>tally up --demo</c>: every role on a fresh demo data dir, an admin token, three demo apps
/// with 30 days of history sent through the SDK and the collector on loopback, the batch run over
/// the closed days, then live traffic until Ctrl+C.
/// </summary>
internal static class DemoRunner
{
    /// <summary>How often the demo looks whether the archive has caught up and live traffic got through.</summary>
    private static readonly TimeSpan Poll = TimeSpan.FromMilliseconds(200);

    public static async Task RunAsync(TallyOverrides overrides, TextWriter output, CancellationToken cancellationToken)
    {
        string dataDirectory = DemoDataDirectory.Prepare(overrides.DataDirectory ?? DemoDataDirectory.DefaultPath);
        string adminToken = "adm_" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(24));
        var settings = new Dictionary<string, string?>
        {
            ["Tally:Query:AdminToken"] = adminToken,
            // The archive must hold the history before the batch runs: flush often.
            ["Tally:Archive:FlushInterval"] = "00:00:01",
            // Throwaway data: an fsync per hourly Parquet file (about 6,000 of them) was most of the archive wait.
            [ArchiveRegistration.FlushToDiskSetting] = "false",
            // Simulated devices upload at once: yesterday is closed a minute after midnight, not an hour.
            ["Tally:Batch:GracePeriod"] = "00:01:00",
        };
        await using var app = TallyHost.Build(overrides with { DataDirectory = dataDirectory, Roles = "all" }, settings);
        using var archived = new ArchivedEventsGauge(app.Services.GetRequiredService<IMeterFactory>());
        await app.StartAsync(cancellationToken);
        var endpoint = new Uri(app.Urls.First());
        await output.WriteLineAsync($"Tally is up at {string.Join(' ', app.Urls)} (data: {dataDirectory}). Press Ctrl+C to stop.");
        await output.WriteLineAsync($"Demo: admin token {adminToken}");

        var registry = app.Services.GetRequiredService<IAppRegistry>();
        var now = DateTimeOffset.UtcNow;
        using var http = SimulatorHttp.Create(concurrency: 48);
        var simulators = new List<(CreatedApp App, TrafficSimulator Simulator)>();
        foreach (var (profile, devices) in DemoApps.All)
        {
            var created = await registry.CreateAsync(profile.Name, cancellationToken);
            var simulation = new SimulationSettings(endpoint, created.WriteKey, profile, devices, DemoApps.Days,
                Path.Combine(dataDirectory, "devices", created.App.Id), now) { Concurrency = 16 };
            simulators.Add((created, new TrafficSimulator(simulation, http)));
        }

        await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
            $"Demo: up {SinceStart().TotalSeconds:0.0} s after start; sending {DemoApps.Days} days of history for {simulators.Count} apps through the SDK..."));
        var watch = Stopwatch.StartNew();
        await Task.WhenAll(simulators.Select(s => s.Simulator.RunHistoryAsync(dayDone: null, cancellationToken)));
        long delivered = simulators.Sum(s => s.Simulator.Counters.Snapshot().Delivered);
        await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
            $"Demo: history sent, {delivered:N0} events acknowledged in {watch.Elapsed.TotalSeconds:0.0} s; waiting for the archive..."));

        // Resends after a lost answer are archived twice (the batch deduplicates them), so "at least".
        watch.Restart();
        await PollUntilAsync(() => archived.Events >= delivered, cancellationToken);
        var archiveWait = watch.Elapsed;
        watch.Restart();
        var firstDay = simulators[0].Simulator.Settings.FirstDay;
        var yesterday = DateOnly.FromDateTime(now.UtcDateTime).AddDays(-1);
        await app.Services.GetRequiredService<BatchRunner>().RunRangeAsync(firstDay, yesterday, appId: null, cancellationToken);
        await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
            $"Demo: archive caught up {archiveWait.TotalSeconds:0.0} s later; batch views computed for {firstDay:yyyy-MM-dd} to {yesterday:yyyy-MM-dd} in {watch.Elapsed.TotalSeconds:0.0} s."));

        using var stopLive = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var live = simulators.Select(s => s.Simulator.RunLiveAsync(DemoApps.LiveEventsPerSecond / simulators.Count, stopLive.Token)).ToList();
        await PollUntilAsync(() => simulators.Sum(s => s.Simulator.Counters.Snapshot().Delivered) > delivered, cancellationToken);
        await WriteReadyAsync(output, app.Urls.First(), adminToken, simulators.Select(s => s.App).ToList());

        await app.WaitForShutdownAsync(cancellationToken);
        await stopLive.CancelAsync();
        await Task.WhenAll(live);
    }

    private static async Task WriteReadyAsync(TextWriter output, string url, string adminToken, IReadOnlyList<CreatedApp> apps)
    {
        await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
            $"Demo ready {SinceStart().TotalSeconds:0.0} s after start (history batched, live traffic flowing)."));
        await output.WriteLineAsync($"Dashboard: {url.TrimEnd('/')}/   Log in with the admin token: {adminToken}");
        foreach (var app in apps)
        {
            await output.WriteLineAsync($"  {app.App.Name,-14} app {app.App.Id}   read key {app.ReadKey}");
        }
    }

    private static TimeSpan SinceStart()
    {
        using var process = Process.GetCurrentProcess();
        return DateTime.Now - process.StartTime;
    }

    private static async Task PollUntilAsync(Func<bool> condition, CancellationToken cancellationToken)
    {
        while (!condition())
        {
            await Task.Delay(Poll, cancellationToken);
        }
    }
}
