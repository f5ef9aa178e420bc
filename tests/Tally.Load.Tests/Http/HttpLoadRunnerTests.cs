using Tally.Bench.Payloads;
using Tally.Load.Http;

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
}
