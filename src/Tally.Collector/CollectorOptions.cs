using Tally.Core.Events;

namespace Tally.Collector;

/// <summary>Collector settings, bound from the <c>Tally:Collector</c> configuration section.</summary>
public sealed class CollectorOptions
{
    public const string SectionName = "Tally:Collector";

    /// <inheritdoc cref="EventLimits.MaxRequestBytes"/>
    public int MaxRequestBytes { get; set; } = EventLimits.Default.MaxRequestBytes;

    /// <inheritdoc cref="EventLimits.MaxDecompressedBytes"/>
    public int MaxDecompressedBytes { get; set; } = EventLimits.Default.MaxDecompressedBytes;

    /// <inheritdoc cref="EventLimits.MaxBatchEvents"/>
    public int MaxBatchEvents { get; set; } = EventLimits.Default.MaxBatchEvents;

    /// <inheritdoc cref="EventLimits.MaxEventBytes"/>
    public int MaxEventBytes { get; set; } = EventLimits.Default.MaxEventBytes;

    /// <inheritdoc cref="EventLimits.MaxStringLength"/>
    public int MaxStringLength { get; set; } = EventLimits.Default.MaxStringLength;

    /// <summary>The <c>Retry-After</c> of a 503 when the log or dead-letter store is unavailable.</summary>
    public int RetryAfterSeconds { get; set; } = 5;

    /// <summary>At most this many per-event errors are listed in a response; the count is always exact.</summary>
    public int MaxReportedErrors { get; set; } = 50;

    /// <summary>Per write key and per client IP request limits; over them the collector answers 429 with <c>Retry-After</c>.</summary>
    public CollectorRateLimitOptions RateLimit { get; set; } = new();

    /// <summary>Which web origins may post events from a browser.</summary>
    public CollectorCorsOptions Cors { get; set; } = new();

    public EventLimits ToLimits() => new()
    {
        MaxRequestBytes = MaxRequestBytes,
        MaxDecompressedBytes = MaxDecompressedBytes,
        MaxBatchEvents = MaxBatchEvents,
        MaxEventBytes = MaxEventBytes,
        MaxStringLength = MaxStringLength,
    };
}
