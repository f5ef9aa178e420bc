using System.Text.Json;
using Tally.Bench.Payloads;
using Tally.Load.Decode;
using Tally.Load.Http;
using Tally.Load.Reports;

namespace Tally.Load.Tests.Http;

public sealed class HttpLoadRunnerTests
{
    [Fact]
    public async Task Counts_exactly_the_events_the_collector_acknowledged_and_honours_retry_after()
    {
        await using var collector = await FakeCollector.StartAsync();
        var settings = new HttpLoadSettings(
            collector.Url,
            WriteKeys: ["key-a", "key-b"],
            Duration: TimeSpan.FromSeconds(2),
            Warmup: TimeSpan.Zero,
            Concurrency: 2,
            CollectorPid: Environment.ProcessId,
            Baseline: null,
            Pool: PayloadPoolOptions.Default with { Batches = 8 });

        var report = await HttpLoadRunner.RunAsync(settings, TextWriter.Null, CancellationToken.None);

        Assert.Empty(collector.Problems);
        Assert.Equal(collector.AcceptedEvents, report.AcceptedEvents);
        Assert.Equal(report.AcceptedRequests * 100, report.AcceptedEvents);
        Assert.Equal(1, report.Errors["HTTP 429"]);
        Assert.Single(report.Errors);
        Assert.Equal(1.0, report.ThrottledSeconds);
        Assert.Subset(new HashSet<string> { "key-a", "key-b" }, collector.WriteKeysSeen);
        Assert.NotNull(report.Collector);
        Assert.NotNull(report.LatencyP99Milliseconds);
    }

    [Fact]
    public async Task Offers_no_more_than_the_given_rate()
    {
        await using var collector = await FakeCollector.StartAsync();
        var settings = new HttpLoadSettings(
            collector.Url, ["key"], TimeSpan.FromSeconds(2), TimeSpan.Zero, Concurrency: 8, CollectorPid: null,
            Baseline: null, PayloadPoolOptions.Default with { Batches = 4 }, OfferedEventsPerSecond: 1_000);

        var report = await HttpLoadRunner.RunAsync(settings, TextWriter.Null, CancellationToken.None);

        // 1,000 events/s = one 100-event batch every 100 ms: 21 slots fall within 2 s (the first at 0 s).
        Assert.Equal(1_000, report.OfferedEventsPerSecond);
        Assert.InRange(collector.AcceptedEvents, 100, 2_100);
    }

    [Fact]
    public async Task Compares_the_collector_cost_with_a_decode_baseline_file()
    {
        await using var collector = await FakeCollector.StartAsync();
        var baselinePath = Path.Combine(Path.GetTempPath(), $"tally-load-baseline-{Guid.NewGuid():N}.json");
        var baseline = new DecodeReport(
            new PoolSummary(8, 100, 42, 750, 75_000, 5_400, 13.9),
            [
                new DecodeVariantResult(DecodeVariants.Tokenize, "tokenize", 1_000_000, 1, 1_000_000, 1, 1.0, 1_000_000),
                new DecodeVariantResult(DecodeVariants.Document, "document", 1_000_000, 2, 500_000, 2, 2.0, 500_000),
            ]);
        await File.WriteAllTextAsync(baselinePath, JsonSerializer.Serialize(baseline, ReportJson.Default.DecodeReport));
        try
        {
            var settings = new HttpLoadSettings(
                collector.Url, ["key"], TimeSpan.FromSeconds(2), TimeSpan.Zero, 2, Environment.ProcessId,
                new FileInfo(baselinePath), PayloadPoolOptions.Default with { Batches = 4 });

            var report = await HttpLoadRunner.RunAsync(settings, TextWriter.Null, CancellationToken.None);

            Assert.NotNull(report.Collector);
            Assert.NotNull(report.Baseline);
            Assert.Equal(1.0, report.Baseline.TokenizeCpuSecondsPerMillionEvents);
            Assert.Equal(Math.Round(report.Collector.CpuSecondsPerMillionEvents / 2.0, 2), report.Baseline.RatioToDocument);
            Assert.Equal(report.Baseline.RatioToDocument <= 2.0, report.Targets.DecodeRatio);
            Assert.Equal(report.Baseline.RatioToTokenize <= 2.0, report.Targets.StrictDecodeRatio);
        }
        finally
        {
            File.Delete(baselinePath);
        }
    }
}
