using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Tally.Core.Apps;
using Tally.Core.Views;
using Tally.Query;
using Tally.Store.Sqlite;

namespace Tally.Benchmarks.Query;

/// <summary>
/// <c>Tally.Benchmarks query-latency [requests] [views-dir]</c>: the real query API (Kestrel on loopback, the
/// query role's services, a SQLite view store filled by <see cref="BatchViewsFixture"/>) asked one
/// request at a time over HTTP by a client in the same process, each with a random app's read key.
/// Latency is from sending the request to having read the whole JSON body. A views directory that
/// holds a completed fill is reused (the fill takes minutes).
/// </summary>
internal static class QueryLatency
{
    private const int WarmupRequests = 200;

    // Warm-up continues in rounds of this many requests until QuietRounds in a row compile no method
    // (tiered JIT done: one quiet round alone can fall between two batches of tier-1 compilations)...
    private const int WarmupRound = 100;

    private const int QuietRounds = 3;

    // ...or this many rounds have run: a server that never settles is reported, not waited for.
    private const int MaxWarmupRounds = 30;

    public static async Task RunAsync(string[] args)
    {
        int requests = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 2_000;
        string root = args.Length > 1 ? args[1] : Path.Combine(Path.GetTempPath(), "tally-bench-query", Guid.NewGuid().ToString("N"));
        bool temporary = args.Length <= 1;
        try
        {
            await RunAsync(Directory.CreateDirectory(root).FullName, requests, CancellationToken.None);
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            if (temporary)
            {
                Directory.Delete(root, recursive: true);
            }
        }
    }

    private static async Task RunAsync(string root, int requests, CancellationToken ct)
    {
        long started = Stopwatch.GetTimestamp();
        var fixture = await BatchViewsFixture.OpenOrCreateAsync(root, ct);
        var database = SqliteDatabase.InDataDirectory(root);
        Console.WriteLine($"{BatchViewsFixture.AppCount} apps x {BatchViewsFixture.Days} days of batch cells up to {fixture.LastDay:yyyy-MM-dd}, ready in {Stopwatch.GetElapsedTime(started).TotalSeconds:N0} s "
            + $"({new FileInfo(Path.Combine(root, "views.db")).Length / 1e6:N0} MB)");

        await using var app = await StartServerAsync(database, ct);
        var address = app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.Single();
        using var client = new HttpClient { BaseAddress = new Uri(address) };
        string from = fixture.LastDay.AddDays(-89).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        string to = fixture.LastDay.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        var kinds = new (string Name, string Path, double TargetP99Ms)[]
        {
            ("active_users, daily, 90 days, by app_version", $"metrics/active_users?interval=day&from={from}&to={to}&breakdown=app_version", 10),
            ("mau, daily, 90 days", $"metrics/mau?interval=day&from={from}&to={to}", 50),
        };

        Console.WriteLine($"{requests:N0} requests per kind (a quarter of that for the largest app), one at a time, after a warm-up of at least "
            + $"{WarmupRequests} until {QuietRounds} x {WarmupRound} requests in a row compile no method; {Environment.ProcessorCount} cores, server GC {System.Runtime.GCSettings.IsServerGC}");
        Console.WriteLine($"load average before: {File.ReadAllText("/proc/loadavg").Trim()}");
        var rows = new List<string>
        {
            "| request | apps | p50 ms | p90 ms | p99 ms | max ms | CPU ms per request | KB allocated per request | JIT ms while measured | target p99 |",
            "| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |",
        };
        foreach (var (name, path, target) in kinds)
        {
            var random = new Random(11);
            int warmup = await WarmUpAsync(client, fixture.Apps, path, random, ct);
            var all = await MeasureAsync(client, fixture.Apps, path, requests, random, ct);
            var largest = await MeasureAsync(client, fixture.Apps.Take(1).ToList(), path, requests / 4, random, ct);
            Console.WriteLine($"{name}: {warmup:N0} warm-up requests");
            rows.Add(Row(name, $"random of {fixture.Apps.Count}", all, target));
            rows.Add(Row(name, $"largest ({BatchViewsFixture.LargestDailyUsers:N0} daily users)", largest, target));
        }
        Console.WriteLine($"load average after: {File.ReadAllText("/proc/loadavg").Trim()}");
        rows.ForEach(Console.WriteLine);
    }

    /// <summary>
    /// Requests until the tiered JIT has settled (<see cref="QuietRounds"/> rounds in a row compile no method):
    /// background tier-1 compilation would otherwise be counted as the measured requests' CPU.
    /// </summary>
    /// <returns>How many warm-up requests ran.</returns>
    private static async Task<int> WarmUpAsync(HttpClient client, IReadOnlyList<CreatedApp> apps, string path, Random random, CancellationToken ct)
    {
        await MeasureAsync(client, apps, path, WarmupRequests, random, ct);
        int requests = WarmupRequests;
        int quiet = 0;
        for (int round = 0; round < MaxWarmupRounds && quiet < QuietRounds; round++)
        {
            var measured = await MeasureAsync(client, apps, path, WarmupRound, random, ct);
            requests += WarmupRound;
            quiet = measured.MethodsCompiled == 0 ? quiet + 1 : 0;
        }
        return requests;
    }

    private static async Task<WebApplication> StartServerAsync(SqliteDatabase database, CancellationToken ct)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        builder.Services.AddSingleton(database);
        builder.Services.AddSingleton<IAppRegistry, SqliteAppRegistry>();
        builder.Services.AddSingleton<IViewStore, SqliteViewStore>();
        builder.AddTallyQuery();
        var app = builder.Build();
        app.MapTallyQuery();
        await app.StartAsync(ct);
        return app;
    }

    /// <returns>
    /// Each request's latency; the process's CPU time per request (server and client: on a loaded machine,
    /// the figure that does not count waiting for a core) and bytes allocated per request; the JIT's work meanwhile.
    /// </returns>
    private static async Task<Measured> MeasureAsync(
        HttpClient client, IReadOnlyList<CreatedApp> apps, string path, int count, Random random, CancellationToken ct)
    {
        var latencies = new double[count];
        long methodsBefore = System.Runtime.JitInfo.GetCompiledMethodCount();
        var jitBefore = System.Runtime.JitInfo.GetCompilationTime();
        long allocatedBefore = GC.GetTotalAllocatedBytes();
        var cpuBefore = Process.GetCurrentProcess().TotalProcessorTime;
        for (int i = 0; i < count; i++)
        {
            var app = apps[random.Next(apps.Count)];
            using var request = new HttpRequestMessage(HttpMethod.Get, $"/api/v1/apps/{app.App.Id}/{path}");
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", app.ReadKey);
            long started = Stopwatch.GetTimestamp();
            using var response = await client.SendAsync(request, ct);
            string body = await response.Content.ReadAsStringAsync(ct);
            latencies[i] = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
            if (!response.IsSuccessStatusCode)
            {
                throw new InvalidOperationException($"{(int)response.StatusCode} for {request.RequestUri}: {body}");
            }
        }
        return new Measured(
            latencies,
            (Process.GetCurrentProcess().TotalProcessorTime - cpuBefore).TotalMilliseconds / count,
            (GC.GetTotalAllocatedBytes() - allocatedBefore) / 1024.0 / count,
            System.Runtime.JitInfo.GetCompiledMethodCount() - methodsBefore,
            (System.Runtime.JitInfo.GetCompilationTime() - jitBefore).TotalMilliseconds);
    }

    private sealed record Measured(double[] Latencies, double CpuMs, double AllocatedKb, long MethodsCompiled, double JitMs);

    private static string Row(string name, string apps, Measured measured, double targetP99)
    {
        var latencies = measured.Latencies;
        Array.Sort(latencies);
        double p99 = Percentile(latencies, 0.99);
        return $"| {name} | {apps} | {Percentile(latencies, 0.5):N2} | {Percentile(latencies, 0.9):N2} | {p99:N2} | {latencies[^1]:N2} | {measured.CpuMs:N2} | "
            + $"{measured.AllocatedKb:N0} | {measured.JitMs:N0} | "
            + $"≤ {targetP99} ms: {(p99 <= targetP99 ? "met" : "NOT met")} |";
    }

    /// <summary>Nearest rank of sorted <paramref name="sorted"/>.</summary>
    private static double Percentile(double[] sorted, double fraction) =>
        sorted[Math.Clamp((int)Math.Ceiling(fraction * sorted.Length) - 1, 0, sorted.Length - 1)];
}
