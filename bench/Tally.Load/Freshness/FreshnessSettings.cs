using Tally.Bench.Payloads;

namespace Tally.Load.Freshness;

/// <summary>Everything one <c>freshness</c> run needs, read from the command line.</summary>
/// <param name="ProbeWriteKey">The write key of an app used for probes only.</param>
/// <param name="BackgroundWriteKeys">Write keys of the apps that receive the background load; none for no background load.</param>
/// <param name="BackgroundEventsPerSecond">The background load's rate; 0 for none.</param>
/// <param name="Drain">How long to wait after the last probe for the probes not seen yet.</param>
internal sealed record FreshnessSettings(
    Uri Url,
    string ProbeWriteKey,
    DirectoryInfo DataDirectory,
    TimeSpan Duration,
    TimeSpan Warmup,
    double ProbesPerSecond,
    TimeSpan PollInterval,
    TimeSpan Drain,
    IReadOnlyList<string> BackgroundWriteKeys,
    double BackgroundEventsPerSecond,
    int BackgroundConcurrency,
    PayloadPoolOptions Pool);
