using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Tally.Bench.Payloads;
using Tally.Load.Cpu;
using Tally.Load.Decode;
using Tally.Load.Freshness;
using Tally.Load.Reports;

namespace Tally.Load.Http;

/// <summary>
/// Runs a warm-up, then the measured window, with <see cref="HttpLoadSettings.Concurrency"/>
/// workers, and measures the collector's and its own CPU over that window.
/// </summary>
internal static class HttpLoadRunner
{
    // Device clocks run forward through a batch's sessions (hours at most), so starting half
    // a day back keeps event times in the past, where the collector's clock-skew rule accepts them.
    internal static readonly TimeSpan PayloadClockLead = TimeSpan.FromHours(12);

    // Generous: a durable ack waits for an fsync, which can take a while on a busy disk.
    private static readonly TimeSpan RequestTimeout = TimeSpan.FromSeconds(30);

    public static async Task<HttpLoadReport> RunAsync(HttpLoadSettings settings, TextWriter progress, CancellationToken abort)
    {
        var poolOptions = settings.Pool with { Start = DateTimeOffset.UtcNow - PayloadClockLead };
        var pool = PayloadPool.Create(poolOptions);
        var poolSummary = PoolSummary.Of(pool, poolOptions);
        progress.WriteLine($"Pool: {pool.Payloads.Count} batches x {poolOptions.EventsPerBatch} events, mean event {poolSummary.MeanEventBytes} B JSON.");

        using var client = CreateClient(settings.Concurrency);
        var batchUrl = new Uri(settings.Url, "/v1/batch");
        var writeKeys = settings.WriteKeys.Select(BasicAuth).ToArray();

        if (settings.Warmup > TimeSpan.Zero)
        {
            progress.WriteLine($"Warming up for {settings.Warmup.TotalSeconds:0.#} s...");
            await RunWorkersAsync(client, batchUrl, pool, writeKeys, settings, settings.Warmup, abort);
        }

        progress.WriteLine($"Measuring for {settings.Duration.TotalSeconds:0.#} s with {settings.Concurrency} workers"
            + (settings.OfferedEventsPerSecond is { } offered ? $", offering {offered:N0} events/s..." : "..."));
        var collectorBefore = settings.CollectorPid is { } pid ? ProcessCpuTime.Read(pid) : (TimeSpan?)null;
        var selfBefore = ProcessCpuTime.Own();
        var clock = Stopwatch.StartNew();
        var tallies = await RunWorkersAsync(client, batchUrl, pool, writeKeys, settings, settings.Duration, abort);
        var wall = clock.Elapsed;
        var selfCpu = ProcessCpuTime.Own() - selfBefore;
        var collectorCpu = settings.CollectorPid is { } pidAfter ? ProcessCpuTime.Read(pidAfter) - collectorBefore : null;

        var baseline = settings.Baseline is { } file ? await ReadBaselineAsync(file, abort) : null;
        return BuildReport(settings, poolSummary, tallies, wall, collectorCpu, selfCpu, baseline);
    }

    /// <summary>A client with one connection per concurrent request.</summary>
    internal static HttpClient CreateClient(int concurrency)
    {
        var handler = new SocketsHttpHandler
        {
            // One connection per worker: no worker ever queues behind another's request.
            MaxConnectionsPerServer = concurrency,
            UseProxy = false,
            UseCookies = false,
            AutomaticDecompression = DecompressionMethods.None,
        };
        return new HttpClient(handler) { Timeout = RequestTimeout };
    }

    internal static AuthenticationHeaderValue BasicAuth(string writeKey) =>
        // Segment convention: the write key is the user name, the password is empty.
        new("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes(writeKey + ":")));

    private static async Task<WorkerTally[]> RunWorkersAsync(
        HttpClient client,
        Uri batchUrl,
        PayloadPool pool,
        AuthenticationHeaderValue[] writeKeys,
        HttpLoadSettings settings,
        TimeSpan duration,
        CancellationToken abort)
    {
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(abort);
        stop.CancelAfter(duration);
        var pacer = settings.OfferedEventsPerSecond is { } rate ? new RatePacer(rate) : null;
        int concurrency = settings.Concurrency;
        var workers = Enumerable.Range(0, concurrency)
            .Select(i => new LoadWorker(client, batchUrl, pool, writeKeys, i, concurrency, pacer))
            .ToArray();
        await Task.WhenAll(workers.Select(w => Task.Run(() => w.RunAsync(stop.Token, abort), abort)));
        return [.. workers.Select(w => w.Tally)];
    }

    private static async Task<DecodeReport> ReadBaselineAsync(FileInfo file, CancellationToken cancellationToken)
    {
        await using var stream = file.OpenRead();
        return await JsonSerializer.DeserializeAsync(stream, ReportJson.Default.DecodeReport, cancellationToken)
            ?? throw new InvalidDataException($"{file.FullName} holds no decode report.");
    }

    private static HttpLoadReport BuildReport(
        HttpLoadSettings settings,
        PoolSummary pool,
        WorkerTally[] tallies,
        TimeSpan wall,
        TimeSpan? collectorCpu,
        TimeSpan selfCpu,
        DecodeReport? baseline)
    {
        var events = tallies.Sum(t => t.AcceptedEvents);
        var latencies = tallies.SelectMany(t => t.AcceptedLatenciesMilliseconds).Order().ToArray();
        var errors = new SortedDictionary<string, long>(StringComparer.Ordinal);
        foreach (var (reason, count) in tallies.SelectMany(t => t.Errors))
        {
            errors[reason] = errors.GetValueOrDefault(reason) + count;
        }

        var collector = collectorCpu is { } cpu ? CpuCost.Of(cpu, events) : null;
        var comparison = Compare(collector, baseline);
        return new HttpLoadReport(
            settings.Url.ToString(),
            settings.Concurrency,
            settings.OfferedEventsPerSecond,
            pool,
            Math.Round(wall.TotalSeconds, 2),
            tallies.Sum(t => t.AcceptedRequests),
            events,
            Math.Round(events / wall.TotalSeconds),
            Math.Round(events * pool.MeanBatchJsonBytes / pool.EventsPerBatch / wall.TotalSeconds / 1_000_000, 1),
            Percentile.NearestRank(latencies, 0.50),
            Percentile.NearestRank(latencies, 0.99),
            errors,
            Math.Round(tallies.Sum(t => t.Throttled.TotalSeconds), 1),
            collector,
            CpuCost.Of(selfCpu, events),
            comparison,
            new TargetVerdicts(
                collector is null || events == 0 ? null : collector.EventsPerCpuSecond >= TargetVerdicts.MinEventsPerCollectorCpuSecond,
                comparison is null ? null : comparison.RatioToDocument <= TargetVerdicts.MaxRatioToDecode,
                comparison is null ? null : comparison.RatioToTokenize <= TargetVerdicts.MaxRatioToDecode));
    }

    private static BaselineComparison? Compare(CpuCost? collector, DecodeReport? baseline)
    {
        if (collector is null || baseline?.Find(DecodeVariants.Tokenize) is not { } tokenize || baseline.Find(DecodeVariants.Document) is not { } document)
        {
            return null;
        }

        return new BaselineComparison(
            tokenize.CpuSecondsPerMillionEvents,
            document.CpuSecondsPerMillionEvents,
            Math.Round(collector.CpuSecondsPerMillionEvents / tokenize.CpuSecondsPerMillionEvents, 2),
            Math.Round(collector.CpuSecondsPerMillionEvents / document.CpuSecondsPerMillionEvents, 2));
    }
}
