namespace Tally.Load.Reports;

/// <summary>The human-readable output: aligned label/value lines and a variant table.</summary>
internal static class ReportTable
{
    public static void Write(HttpLoadReport report, TextWriter output)
    {
        WritePool(report.Pool, output);
        Line(output, "Target", $"{report.Url}  ({report.Concurrency} workers, {report.WallSeconds:0.##} s)");
        if (report.OfferedEventsPerSecond is { } offered)
        {
            Line(output, "Offered", $"{offered:N0} events/s, paced over all workers");
        }
        Line(output, "Accepted", $"{report.AcceptedEvents:N0} events in {report.AcceptedRequests:N0} requests (HTTP 200)");
        Line(output, "Throughput", $"{report.EventsPerSecond:N0} events/s, {report.JsonMegabytesPerSecond:0.#} MB/s of JSON");
        Line(output, "Latency", report.LatencyP50Milliseconds is null
            ? "no accepted requests"
            : $"p50 {report.LatencyP50Milliseconds:0.##} ms, p99 {report.LatencyP99Milliseconds:0.##} ms");
        Line(output, "Errors", report.Errors.Count == 0 ? "none" : string.Join(", ", report.Errors.Select(e => $"{e.Key}: {e.Value:N0}")));
        if (report.ThrottledSeconds > 0)
        {
            Line(output, "Backed off", $"{report.ThrottledSeconds:0.#} worker-seconds (Retry-After)");
        }

        Line(output, "Collector CPU", report.Collector is { } c
            ? $"{c.CpuSeconds:0.##} s = {c.CpuSecondsPerMillionEvents:0.###} CPU-s per million events = {c.EventsPerCpuSecond:N0} events per CPU-second (per core)"
            : "not measured (pass --collector-pid)");
        Line(output, "Load tool CPU", $"{report.LoadTool.CpuSeconds:0.##} s = {report.LoadTool.CpuSecondsPerMillionEvents:0.###} CPU-s per million events (shares the machine)");
        if (report.Baseline is { } b)
        {
            Line(output, "vs bare decode", $"{b.RatioToTokenize:0.##}x tokenize ({b.TokenizeCpuSecondsPerMillionEvents:0.###} CPU-s/M), {b.RatioToDocument:0.##}x document ({b.DocumentCpuSecondsPerMillionEvents:0.###} CPU-s/M)");
        }

        Line(output, "Target >=150k/core", Verdict(report.Targets.PerCoreRate, "needs --collector-pid and accepted events"));
        Line(output, "Target <=2x document", Verdict(report.Targets.DecodeRatio, "needs --collector-pid and --baseline"));
        Line(output, "Strict <=2x tokenize", Verdict(report.Targets.StrictDecodeRatio, "needs --collector-pid and --baseline"));
    }

    public static void Write(DecodeReport report, TextWriter output)
    {
        WritePool(report.Pool, output);
        output.WriteLine("Bare decode, one thread, CPU of the whole process:");
        output.WriteLine($"  {"variant",-9} {"events/s",12} {"CPU-s/M events",15} {"events/CPU-s",13}  what");
        foreach (var v in report.Variants)
        {
            output.WriteLine($"  {v.Name,-9} {v.EventsPerSecond,12:N0} {v.CpuSecondsPerMillionEvents,15:0.###} {v.EventsPerCpuSecond,13:N0}  {v.Description}");
        }
    }

    public static void Write(FreshnessReport report, TextWriter output)
    {
        Line(output, "Target", $"{report.Url}  ({report.MeasuredSeconds:0.#} s, {report.ProbesPerSecond:0.##} probes/s)");
        Line(output, "Background", report.Background.TargetEventsPerSecond == 0
            ? "none"
            : $"{report.Background.AcceptedEventsPerSecond:N0} events/s accepted (target {report.Background.TargetEventsPerSecond:N0}, {report.Background.Concurrency} workers); errors: "
                + (report.Background.Errors.Count == 0 ? "none" : string.Join(", ", report.Background.Errors.Select(e => $"{e.Key}: {e.Value:N0}"))));
        Line(output, "Probes", $"{report.ProbesSent} sent, {report.ProbesAcknowledged} acknowledged, {report.ProbesRefused} refused, "
            + $"{report.ProbesSeen} seen, {report.ProbesNeverSeen} acknowledged but never seen, {report.ProbesSeenBeforeAcknowledged} seen before their 200");
        Line(output, "Freshness", report.FreshnessP50Milliseconds is null
            ? "no probe seen"
            : $"p50 {report.FreshnessP50Milliseconds:N0} ms, p95 {report.FreshnessP95Milliseconds:N0} ms, p99 {report.FreshnessP99Milliseconds:N0} ms, max {report.FreshnessMaxMilliseconds:N0} ms (200 -> visible in the speed views)");
        Line(output, "Probe ack", report.AcknowledgeP50Milliseconds is null ? "none" : $"p50 {report.AcknowledgeP50Milliseconds:0.#} ms, p99 {report.AcknowledgeP99Milliseconds:0.#} ms (send -> 200)");
        Line(output, "Resolution", $"poll every {report.PollIntervalMilliseconds:0} ms; measured poll cycle mean {report.MeanPollCycleMilliseconds:0.#} ms, max {report.MaxPollCycleMilliseconds:0.#} ms");
        Line(output, "Target p99 <= 2 s", Verdict(report.TargetMet, "no probe seen"));
    }

    private static void WritePool(PoolSummary pool, TextWriter output) =>
        Line(output, "Payloads", $"{pool.Batches} batches x {pool.EventsPerBatch} events (seed {pool.Seed}); mean event {pool.MeanEventBytes:0.#} B; "
            + $"batch {pool.MeanBatchJsonBytes / 1024:0.#} KiB JSON, {pool.MeanBatchGzipBytes / 1024:0.#} KiB gzip ({pool.CompressionRatio:0.#}:1)");

    private static string Verdict(bool? met, string missing) => met switch
    {
        true => "met",
        false => "NOT met",
        null => $"not judged ({missing})",
    };

    private static void Line(TextWriter output, string label, string value) => output.WriteLine($"{label + ":",-22}{value}");
}
