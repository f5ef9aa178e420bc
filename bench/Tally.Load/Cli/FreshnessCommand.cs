using System.CommandLine;
using System.Text.Json;
using Tally.Load.Freshness;
using Tally.Load.Reports;

namespace Tally.Load.Cli;

/// <summary><c>tally-load freshness</c>: time from a collector's 200 to visibility in the speed views of a running <c>tally up</c>.</summary>
internal static class FreshnessCommand
{
    public static Command Create()
    {
        var pool = new PoolOptions();
        var url = HttpCommand.UrlOption("The collector's base URL.");
        var probeWriteKey = new Option<string>("--probe-write-key")
        {
            Description = "Write key of an app used for probes only (each probe is a new event name in it).",
            Required = true,
        };
        var data = new Option<DirectoryInfo>("--data")
        {
            Description = "The running server's data dir: its views.db is read directly (there is no query API yet).",
            Required = true,
        };
        var writeKeys = new Option<string[]>("--write-key")
        {
            Description = "Write key(s) of the apps that get the background load. Repeat for several apps.",
            Arity = ArgumentArity.ZeroOrMore,
        };
        var duration = HttpCommand.DurationOption("--duration", "How long to send probes (e.g. 60s).", TimeSpan.FromSeconds(60));
        var warmup = HttpCommand.DurationOption("--warmup", "Background load before the first probe (0 to skip).", TimeSpan.FromSeconds(3), allowZero: true);
        var poll = HttpCommand.DurationOption("--poll", "How often to read the views: the resolution of the figures.", TimeSpan.FromMilliseconds(20));
        var drain = HttpCommand.DurationOption("--drain", "How long to wait for probes still not visible after the last one.", TimeSpan.FromSeconds(30));
        var probeRate = PositiveOption("--probe-rate", "Probes per second.", 5);
        var backgroundRate = new Option<double>("--background-rate")
        {
            Description = "Background events per second (0 for none). To load at a fraction of capacity, measure it with `http` first.",
            DefaultValueFactory = _ => 0,
        };
        var concurrency = new Option<int>("--concurrency")
        {
            Description = "Background workers (concurrent requests).",
            DefaultValueFactory = _ => 8,
        };

        var command = new Command("freshness", "Send probe events under background load and measure how long each takes from its HTTP 200 to the speed views.")
        {
            url, probeWriteKey, data, writeKeys, duration, warmup, poll, drain, probeRate, backgroundRate, concurrency,
        };
        pool.AddTo(command);
        backgroundRate.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<double>() < 0)
            {
                result.AddError("--background-rate must be 0 or more.");
            }
        });
        concurrency.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<int>() < 1)
            {
                result.AddError("--concurrency must be at least 1.");
            }
        });
        command.Validators.Add(result =>
        {
            if (result.GetValue(backgroundRate) > 0 && (result.GetValue(writeKeys) ?? []).Length == 0)
            {
                result.AddError("--background-rate needs at least one --write-key for the background apps.");
            }
        });

        command.SetAction(async (result, cancellationToken) =>
        {
            var settings = new FreshnessSettings(
                result.GetRequiredValue(url),
                result.GetRequiredValue(probeWriteKey),
                result.GetRequiredValue(data),
                result.GetValue(duration),
                result.GetValue(warmup),
                result.GetValue(probeRate),
                result.GetValue(poll),
                result.GetValue(drain),
                result.GetValue(writeKeys) ?? [],
                result.GetValue(backgroundRate),
                result.GetValue(concurrency),
                pool.Read(result, DateTimeOffset.UtcNow));
            SpeedViewReader reader;
            try
            {
                reader = await SpeedViewReader.OpenAsync(settings.DataDirectory, settings.ProbeWriteKey, cancellationToken);
            }
            catch (InvalidOperationException e)
            {
                await Console.Error.WriteLineAsync(e.Message);
                return 2;
            }
            var report = await FreshnessRunner.RunAsync(settings, reader, Console.Error, cancellationToken);
            if (result.GetValue(pool.Json))
            {
                Console.WriteLine(JsonSerializer.Serialize(report, ReportJson.Default.FreshnessReport));
            }
            else
            {
                ReportTable.Write(report, Console.Out);
            }
            return report.ProbesSeen > 0 ? 0 : 1;
        });
        return command;
    }

    private static Option<double> PositiveOption(string name, string description, double defaultValue)
    {
        var option = new Option<double>(name) { Description = description, DefaultValueFactory = _ => defaultValue };
        option.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<double>() <= 0)
            {
                result.AddError($"{name} must be positive.");
            }
        });
        return option;
    }
}
