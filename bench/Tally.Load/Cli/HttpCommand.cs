using System.CommandLine;
using System.Text.Json;
using Tally.Load.Http;
using Tally.Load.Reports;

namespace Tally.Load.Cli;

/// <summary><c>tally-load http</c>: loads a running collector and reports throughput and CPU cost.</summary>
internal static class HttpCommand
{
    public static Command Create()
    {
        var pool = new PoolOptions();
        var url = UrlOption("The collector's base URL.");
        var writeKeys = new Option<string[]>("--write-key")
        {
            Description = "Write key(s) to send with (HTTP Basic user). Repeat for several apps; batches spread over them.",
            Required = true,
            Arity = ArgumentArity.OneOrMore,
        };
        var duration = DurationOption("--duration", "How long to measure (e.g. 30s, 2m).", TimeSpan.FromSeconds(30));
        var warmup = DurationOption("--warmup", "Unmeasured load first, so both sides are JIT-compiled and connected (0 to skip).", TimeSpan.FromSeconds(3), allowZero: true);
        var concurrency = new Option<int>("--concurrency")
        {
            Description = "Concurrent requests (workers), each on its own connection.",
            DefaultValueFactory = _ => 32,
        };
        var collectorPid = new Option<int?>("--collector-pid")
        {
            Description = "The collector's process id, to measure its CPU time from /proc.",
        };
        var baseline = new Option<FileInfo?>("--baseline")
        {
            Description = "A 'decode --json' result file, to report the collector's cost as a multiple of the bare decode.",
        };

        var rate = new Option<double?>("--rate")
        {
            Description = "Offer this many events per second, spread evenly over all workers (e.g. 3x the measured capacity for an overload run); "
                + "without it every worker sends as fast as the collector answers.",
        };

        var command = new Command("http", "Send gzip batches to a collector over HTTP and measure accepted events/s and collector CPU.")
        {
            url, writeKeys, duration, warmup, concurrency, collectorPid, baseline, rate,
        };
        pool.AddTo(command);
        concurrency.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<int>() < 1)
            {
                result.AddError("--concurrency must be at least 1.");
            }
        });
        rate.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<double?>() is <= 0)
            {
                result.AddError("--rate must be a positive number of events per second.");
            }
        });

        command.SetAction(async (result, cancellationToken) =>
        {
            var settings = new HttpLoadSettings(
                result.GetRequiredValue(url),
                result.GetRequiredValue(writeKeys),
                result.GetValue(duration),
                result.GetValue(warmup),
                result.GetValue(concurrency),
                result.GetValue(collectorPid),
                result.GetValue(baseline),
                pool.Read(result, DateTimeOffset.UtcNow),
                result.GetValue(rate));
            var report = await HttpLoadRunner.RunAsync(settings, Console.Error, cancellationToken);
            if (result.GetValue(pool.Json))
            {
                Console.WriteLine(JsonSerializer.Serialize(report, ReportJson.Default.HttpLoadReport));
            }
            else
            {
                ReportTable.Write(report, Console.Out);
            }

            return report.AcceptedEvents > 0 ? 0 : 1;
        });
        return command;
    }

    internal static Option<Uri> UrlOption(string description) => new("--url")
    {
        Description = description,
        DefaultValueFactory = _ => new Uri("http://127.0.0.1:5080"),
        CustomParser = argument =>
        {
            var text = argument.Tokens.Single().Value;
            if (Uri.TryCreate(text, UriKind.Absolute, out var parsed) && (parsed.Scheme == Uri.UriSchemeHttp || parsed.Scheme == Uri.UriSchemeHttps))
            {
                return parsed;
            }

            argument.AddError($"--url: '{text}' is not an absolute http(s) URL.");
            return null;
        },
    };

    internal static Option<TimeSpan> DurationOption(string name, string description, TimeSpan defaultValue, bool allowZero = false) => new(name)
    {
        Description = description,
        DefaultValueFactory = _ => defaultValue,
        CustomParser = argument =>
        {
            var text = argument.Tokens.Single().Value;
            if (allowZero && text.Trim() == "0")
            {
                return TimeSpan.Zero;
            }

            if (DurationParser.TryParse(text, out var parsed))
            {
                return parsed;
            }

            argument.AddError($"{name}: '{text}' is not a duration (e.g. 500ms, 30s, 2m).");
            return default;
        },
    };
}
