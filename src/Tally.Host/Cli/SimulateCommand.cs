using System.CommandLine;
using System.CommandLine.Parsing;
using System.Diagnostics;
using System.Globalization;
using Tally.Simulator;
using Tally.Simulator.Driving;
using Tally.Simulator.Model;

namespace Tally.Host.Cli;

/// <summary>
/// <c>tally simulate</c>: realistic devices of one app, through the device SDK, against any
/// collector: the history of the last days, then live traffic until Ctrl+C.
/// </summary>
internal static class SimulateCommand
{
    public static Command Create(TextWriter output, TextWriter error)
    {
        var url = new Option<Uri>("--url")
        {
            Description = "The collector's base address, e.g. http://127.0.0.1:5080.", Required = true, HelpName = "URL",
            // System.CommandLine has no converter for Uri: without this, every --url failed to parse.
            CustomParser = ParseUrl,
        };
        var writeKey = new Option<string>("--write-key") { Description = "The app's write key (tally apps create).", Required = true, HelpName = "KEY" };
        var devices = new Option<int>("--devices") { Description = "Devices that install the app over the days (default 200).", DefaultValueFactory = _ => 200, HelpName = "N" };
        var days = new Option<int>("--days") { Description = "Days of history before today (default 30).", DefaultValueFactory = _ => 30, HelpName = "D" };
        var rate = new Option<double?>("--rate") { Description = "After the history, send about R events/s until Ctrl+C (default: stop after the history).", HelpName = "R" };
        var crashRate = new Option<double>("--crash-rate") { Description = "Chance that a session ends in a crash (default 0.02).", DefaultValueFactory = _ => 0.02, HelpName = "X" };
        var seed = new Option<long>("--seed") { Description = "Same seed, same devices and events (default 1).", DefaultValueFactory = _ => 1, HelpName = "S" };
        var app = new Option<string>("--app") { Description = "The kind of app: weather, notes or puzzle (default weather).", DefaultValueFactory = _ => "weather", HelpName = "KIND" };
        app.AcceptOnlyFromAmong([.. AppProfiles.ByKey.Keys]);
        var state = new Option<string?>("--state") { Description = "Directory for the devices' SDK storage (default: a new temporary directory, deleted at the end).", HelpName = "DIR" };
        var concurrency = new Option<int>("--concurrency") { Description = "Devices uploading at once (default 32).", DefaultValueFactory = _ => 32, HelpName = "N" };
        devices.Validators.Add(r => { if (r.GetValueOrDefault<int>() < 1) { r.AddError("--devices must be at least 1."); } });
        days.Validators.Add(r => { if (r.GetValueOrDefault<int>() is < 1 or > 365) { r.AddError("--days must be between 1 and 365."); } });
        rate.Validators.Add(r => { if (r.GetValueOrDefault<double?>() is <= 0) { r.AddError("--rate must be positive."); } });
        crashRate.Validators.Add(r => { if (r.GetValueOrDefault<double>() is < 0 or > 1) { r.AddError("--crash-rate must be between 0 and 1."); } });
        concurrency.Validators.Add(r => { if (r.GetValueOrDefault<int>() is < 1 or > 1024) { r.AddError("--concurrency must be between 1 and 1024."); } });

        var command = new Command("simulate", "Send realistic traffic of simulated devices through the device SDK: history, then live.")
        {
            url, writeKey, devices, days, rate, crashRate, seed, app, state, concurrency,
        };
        command.SetAction((parseResult, cancellationToken) => CommandErrors.RunAsync(error, async () =>
        {
            string? stateOption = parseResult.GetValue(state);
            string stateDirectory = stateOption ?? Path.Combine(Path.GetTempPath(), "tally-simulate-" + Guid.NewGuid().ToString("N"));
            var settings = new SimulationSettings(
                parseResult.GetRequiredValue(url), parseResult.GetRequiredValue(writeKey), AppProfiles.ByKey[parseResult.GetRequiredValue(app)],
                parseResult.GetValue(devices), parseResult.GetValue(days), stateDirectory, DateTimeOffset.UtcNow)
            {
                CrashRate = parseResult.GetValue(crashRate),
                Seed = parseResult.GetValue(seed),
                Concurrency = parseResult.GetValue(concurrency),
            };
            try
            {
                using var http = SimulatorHttp.Create(settings.Concurrency);
                var simulator = new TrafficSimulator(settings, http);
                await RunAsync(simulator, parseResult.GetValue(rate), output, cancellationToken);
                return CommandErrors.Success;
            }
            finally
            {
                if (stateOption is null && Directory.Exists(stateDirectory))
                {
                    Directory.Delete(stateDirectory, recursive: true);
                }
            }
        }));
        return command;
    }

    private static async Task RunAsync(TrafficSimulator simulator, double? rate, TextWriter output, CancellationToken cancellationToken)
    {
        var settings = simulator.Settings;
        await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
            $"Simulating {settings.Devices} devices of \"{settings.App.Name}\" from {settings.FirstDay:yyyy-MM-dd} to now (seed {settings.Seed}) against {settings.Endpoint}"));
        var watch = Stopwatch.StartNew();
        await simulator.RunHistoryAsync((day, snapshot) => output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"  {settings.FirstDay.AddDays(day):yyyy-MM-dd}  {Describe(snapshot)}")), cancellationToken);
        var history = simulator.Counters.Snapshot();
        await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
            $"History sent: {Describe(history)} in {watch.Elapsed.TotalSeconds:0.0} s ({history.Delivered / Math.Max(watch.Elapsed.TotalSeconds, 0.001):0} events/s)."));
        if (rate is not { } eventsPerSecond)
        {
            return;
        }

        await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"Live traffic at about {eventsPerSecond:0.#} events/s; Ctrl+C stops."));
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var live = simulator.RunLiveAsync(eventsPerSecond, stop.Token);
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(10));
        try
        {
            while (await timer.WaitForNextTickAsync(cancellationToken))
            {
                await output.WriteLineAsync($"  live: {Describe(simulator.Counters.Snapshot())}");
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Ctrl+C ends the progress loop; the live traffic ends with the same token.
        }
        await live;
        await output.WriteLineAsync($"Stopped: {Describe(simulator.Counters.Snapshot())}");
    }

    private static Uri? ParseUrl(ArgumentResult result)
    {
        string text = result.Tokens.Single().Value;
        if (Uri.TryCreate(text, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps))
        {
            return uri;
        }
        result.AddError($"--url must be an absolute http or https address, e.g. http://127.0.0.1:5080, not \"{text}\".");
        return null;
    }

    internal static string Describe(SimulationSnapshot s) => string.Create(CultureInfo.InvariantCulture,
        $"{s.Sessions:N0} sessions, {s.Enqueued:N0} events, {s.Delivered:N0} acknowledged{(s.Dropped > 0 ? $", {s.Dropped:N0} dropped" : "")}");
}
