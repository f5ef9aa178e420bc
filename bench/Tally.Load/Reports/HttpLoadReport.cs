namespace Tally.Load.Reports;

/// <summary>CPU a process spent during the measured window.</summary>
internal sealed record CpuCost(double CpuSeconds, double CpuSecondsPerMillionEvents, double EventsPerCpuSecond)
{
    public static CpuCost Of(TimeSpan cpu, long events) => new(
        Math.Round(cpu.TotalSeconds, 2),
        events == 0 ? 0 : Math.Round(cpu.TotalSeconds * 1_000_000 / events, 3),
        cpu == TimeSpan.Zero ? 0 : Math.Round(events / cpu.TotalSeconds));
}

/// <summary>Collector cost relative to the bare-decode baseline of the same payloads.</summary>
internal sealed record BaselineComparison(
    double TokenizeCpuSecondsPerMillionEvents,
    double DocumentCpuSecondsPerMillionEvents,
    double RatioToTokenize,
    double RatioToDocument);

/// <summary>
/// The targets from the benchmark brief, evaluated; null when the input to judge them was not given.
/// "At most 2x the bare decode" is judged against the full parse (<c>document</c>: gunzip +
/// <c>JsonDocument.Parse</c>), and also, stricter, against <c>tokenize</c> (gunzip + a reader that
/// keeps no value), which HTTP on loopback alone already costs 1.25-1.4x of (bench/README.md, `sink`).
/// </summary>
internal sealed record TargetVerdicts(bool? PerCoreRate, bool? DecodeRatio, bool? StrictDecodeRatio)
{
    public const double MinEventsPerCollectorCpuSecond = 150_000;
    public const double MaxRatioToDecode = 2.0;
}

/// <summary>The <c>http</c> command's result.</summary>
internal sealed record HttpLoadReport(
    string Url,
    int Concurrency,
    double? OfferedEventsPerSecond,
    PoolSummary Pool,
    double WallSeconds,
    long AcceptedRequests,
    long AcceptedEvents,
    double EventsPerSecond,
    double JsonMegabytesPerSecond,
    double? LatencyP50Milliseconds,
    double? LatencyP99Milliseconds,
    IReadOnlyDictionary<string, long> Errors,
    double ThrottledSeconds,
    CpuCost? Collector,
    CpuCost LoadTool,
    BaselineComparison? Baseline,
    TargetVerdicts Targets);
