using Tally.Bench.Payloads;

namespace Tally.Load.Http;

/// <summary>Everything one <c>http</c> run needs, read from the command line.</summary>
internal sealed record HttpLoadSettings(
    Uri Url,
    IReadOnlyList<string> WriteKeys,
    TimeSpan Duration,
    TimeSpan Warmup,
    int Concurrency,
    int? CollectorPid,
    FileInfo? Baseline,
    PayloadPoolOptions Pool,
    double? OfferedEventsPerSecond = null);
