namespace Tally.Load.Reports;

/// <summary>The <c>freshness</c> command's result. Latencies in milliseconds; null when nothing was measured.</summary>
/// <param name="FreshnessP50Milliseconds">From the probe's HTTP 200 to the first poll that saw it in the speed views.</param>
/// <param name="MeanPollCycleMilliseconds">The resolution of the freshness figures: time between the ends of successive polls.</param>
internal sealed record FreshnessReport(
    string Url,
    double MeasuredSeconds,
    double ProbesPerSecond,
    int ProbesSent,
    int ProbesAcknowledged,
    int ProbesRefused,
    int ProbesSeen,
    int ProbesNeverSeen,
    int ProbesSeenBeforeAcknowledged,
    double? FreshnessP50Milliseconds,
    double? FreshnessP95Milliseconds,
    double? FreshnessP99Milliseconds,
    double? FreshnessMaxMilliseconds,
    double? AcknowledgeP50Milliseconds,
    double? AcknowledgeP99Milliseconds,
    double PollIntervalMilliseconds,
    double MeanPollCycleMilliseconds,
    double MaxPollCycleMilliseconds,
    BackgroundLoad Background,
    bool? TargetMet)
{
    /// <summary>The target: p99 freshness at most 2 s, with every acknowledged probe seen.</summary>
    public const double MaxP99Milliseconds = 2_000;
}

/// <summary>What the background load achieved during the measured window.</summary>
internal sealed record BackgroundLoad(
    double TargetEventsPerSecond,
    int Concurrency,
    long AcceptedEvents,
    double AcceptedEventsPerSecond,
    IReadOnlyDictionary<string, long> Errors);
