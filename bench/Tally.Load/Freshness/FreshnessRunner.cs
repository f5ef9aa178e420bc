using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using Tally.Bench.Payloads;
using Tally.Load.Http;
using Tally.Load.Reports;

namespace Tally.Load.Freshness;

/// <summary>
/// Measures freshness: probes go to the collector at a steady rate while background workers load
/// it, and a poller reads the speed views until each acknowledged probe shows up. Freshness is the
/// time from a probe's HTTP 200 to the end of the first poll that saw it, so it is over-stated by
/// at most one poll cycle (reported as the resolution).
/// </summary>
internal static class FreshnessRunner
{
    // Probes are sent on their own connections, so they never queue behind a background batch.
    private const int ProbeConnections = 8;

    private static readonly MediaTypeHeaderValue Json = new("application/json");

    public static async Task<FreshnessReport> RunAsync(FreshnessSettings settings, SpeedViewReader reader, TextWriter progress, CancellationToken abort)
    {
        var probes = ProbeEvents.ForNewRun();
        var tracker = new ProbeTracker();
        var clock = Stopwatch.StartNew();
        using var backgroundClient = HttpLoadRunner.CreateClient(Math.Max(1, settings.BackgroundConcurrency));
        using var probeClient = HttpLoadRunner.CreateClient(ProbeConnections);
        using var stopBackground = CancellationTokenSource.CreateLinkedTokenSource(abort);
        var background = StartBackground(settings, backgroundClient, progress, stopBackground.Token, abort);
        if (settings.Warmup > TimeSpan.Zero)
        {
            progress.WriteLine($"Warming up for {settings.Warmup.TotalSeconds:0.#} s (background load only)...");
            await Task.Delay(settings.Warmup, abort);
        }

        using var stopPolling = CancellationTokenSource.CreateLinkedTokenSource(abort);
        var polls = new PollCycles();
        var polling = PollAsync(reader, probes, tracker, settings.PollInterval, clock, polls, DateTimeOffset.UtcNow, stopPolling.Token);

        progress.WriteLine($"Probing at {settings.ProbesPerSecond:0.##}/s for {settings.Duration.TotalSeconds:0.#} s, polling the views every {settings.PollInterval.TotalMilliseconds:0} ms...");
        var backgroundStart = background.Tallies.Sum(t => t.AcceptedEvents);
        var measuring = Stopwatch.StartNew();
        await SendProbesAsync(probeClient, new Uri(settings.Url, "/v1/batch"), HttpLoadRunner.BasicAuth(settings.ProbeWriteKey),
            probes, tracker, settings.ProbesPerSecond, settings.Duration, clock, abort);
        var measured = measuring.Elapsed;
        var backgroundEvents = background.Tallies.Sum(t => t.AcceptedEvents) - backgroundStart;
        await stopBackground.CancelAsync();
        await background.Running;

        await DrainAsync(tracker, settings.Drain, progress, abort);
        await stopPolling.CancelAsync();
        await polling;

        return BuildReport(settings, tracker.Summarize(), measured, polls, background, backgroundEvents);
    }

    private sealed record Background(WorkerTally[] Tallies, Task Running);

    private static Background StartBackground(
        FreshnessSettings settings, HttpClient client, TextWriter progress, CancellationToken stop, CancellationToken abort)
    {
        if (settings.BackgroundEventsPerSecond <= 0 || settings.BackgroundWriteKeys.Count == 0)
        {
            return new Background([], Task.CompletedTask);
        }
        var pool = PayloadPool.Create(settings.Pool with { Start = DateTimeOffset.UtcNow - HttpLoadRunner.PayloadClockLead });
        progress.WriteLine($"Background: {settings.BackgroundEventsPerSecond:N0} events/s over {settings.BackgroundConcurrency} workers, {pool.Payloads.Count} batches x {settings.Pool.EventsPerBatch} events.");
        var pacer = new RatePacer(settings.BackgroundEventsPerSecond);
        var writeKeys = settings.BackgroundWriteKeys.Select(HttpLoadRunner.BasicAuth).ToArray();
        var batchUrl = new Uri(settings.Url, "/v1/batch");
        var workers = Enumerable.Range(0, settings.BackgroundConcurrency)
            .Select(i => new LoadWorker(client, batchUrl, pool, writeKeys, i, settings.BackgroundConcurrency, pacer))
            .ToArray();
        var running = Task.WhenAll(workers.Select(w => Task.Run(() => w.RunAsync(stop, abort), abort)));
        return new Background([.. workers.Select(w => w.Tally)], running);
    }

    private static async Task SendProbesAsync(
        HttpClient client, Uri batchUrl, AuthenticationHeaderValue writeKey, ProbeEvents probes, ProbeTracker tracker,
        double perSecond, TimeSpan duration, Stopwatch clock, CancellationToken abort)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(1 / perSecond));
        var sends = new List<Task>();
        var end = clock.Elapsed + duration;
        for (int probe = 0; clock.Elapsed < end; probe++)
        {
            // Not awaited here: a slow acknowledgement must not lower the probe rate.
            sends.Add(SendProbeAsync(client, batchUrl, writeKey, probes, tracker, probe, clock, abort));
            await timer.WaitForNextTickAsync(abort);
        }
        await Task.WhenAll(sends);
    }

    private static async Task SendProbeAsync(
        HttpClient client, Uri batchUrl, AuthenticationHeaderValue writeKey, ProbeEvents probes, ProbeTracker tracker,
        int probe, Stopwatch clock, CancellationToken abort)
    {
        string name = probes.NameOf(probe);
        using var content = new StringContent(probes.Body(probe, DateTimeOffset.UtcNow));
        content.Headers.ContentType = Json;
        using var request = new HttpRequestMessage(HttpMethod.Post, batchUrl) { Content = content };
        request.Headers.Authorization = writeKey;
        tracker.Sent(name, clock.Elapsed);
        try
        {
            using var response = await client.SendAsync(request, abort);
            if (response.StatusCode == HttpStatusCode.OK)
            {
                tracker.Acknowledged(name, clock.Elapsed);
            }
            else
            {
                tracker.Refused(name);
            }
        }
        catch (HttpRequestException)
        {
            tracker.Refused(name);
        }
        catch (TaskCanceledException) when (!abort.IsCancellationRequested)
        {
            // HttpClient.Timeout: no 200, so the probe counts as refused.
            tracker.Refused(name);
        }
    }

    private static async Task PollAsync(
        SpeedViewReader reader, ProbeEvents probes, ProbeTracker tracker, TimeSpan interval, Stopwatch clock,
        PollCycles polls, DateTimeOffset runStart, CancellationToken stop)
    {
        using var timer = new PeriodicTimer(interval);
        try
        {
            while (await timer.WaitForNextTickAsync(stop))
            {
                // Probes are stamped from now on: one hour back covers the bucket of the first one.
                var names = await reader.EventNamesAsync(runStart.AddMinutes(-1), DateTimeOffset.UtcNow.AddHours(1), stop);
                var at = clock.Elapsed;
                tracker.Seen(names.Where(probes.IsOfThisRun), at);
                polls.Completed(at);
            }
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
            // The run is over.
        }
    }

    private static async Task DrainAsync(ProbeTracker tracker, TimeSpan drain, TextWriter progress, CancellationToken abort)
    {
        var deadline = Stopwatch.StartNew();
        while (tracker.UnseenCount > 0 && deadline.Elapsed < drain)
        {
            // The poller does the reading; this only checks whether it is done.
            await Task.Delay(TimeSpan.FromMilliseconds(50), abort);
        }
        if (tracker.UnseenCount > 0)
        {
            progress.WriteLine($"{tracker.UnseenCount} probes were still not visible {drain.TotalSeconds:0} s after the last one was sent.");
        }
    }

    private static FreshnessReport BuildReport(
        FreshnessSettings settings, ProbeSummary probes, TimeSpan measured, PollCycles polls, Background background, long backgroundEvents)
    {
        var errors = new SortedDictionary<string, long>(StringComparer.Ordinal);
        foreach (var (reason, count) in background.Tallies.SelectMany(t => t.Errors))
        {
            errors[reason] = errors.GetValueOrDefault(reason) + count;
        }
        var p99 = Percentile.NearestRank(probes.FreshnessMilliseconds, 0.99);
        return new FreshnessReport(
            settings.Url.ToString(),
            Math.Round(measured.TotalSeconds, 2),
            settings.ProbesPerSecond,
            probes.Sent,
            probes.Acknowledged,
            probes.Refused,
            probes.Seen,
            probes.NeverSeen,
            probes.SeenBeforeAcknowledged,
            Percentile.NearestRank(probes.FreshnessMilliseconds, 0.50),
            Percentile.NearestRank(probes.FreshnessMilliseconds, 0.95),
            p99,
            Percentile.NearestRank(probes.FreshnessMilliseconds, 1.0),
            Percentile.NearestRank(probes.AcknowledgeMilliseconds, 0.50),
            Percentile.NearestRank(probes.AcknowledgeMilliseconds, 0.99),
            settings.PollInterval.TotalMilliseconds,
            Math.Round(polls.Mean.TotalMilliseconds, 1),
            Math.Round(polls.Max.TotalMilliseconds, 1),
            new BackgroundLoad(
                settings.BackgroundEventsPerSecond,
                settings.BackgroundConcurrency,
                backgroundEvents,
                Math.Round(backgroundEvents / measured.TotalSeconds),
                errors),
            p99 is null ? null : p99 <= FreshnessReport.MaxP99Milliseconds && probes.NeverSeen == 0);
    }
}
