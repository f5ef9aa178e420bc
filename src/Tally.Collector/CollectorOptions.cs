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

    /// <summary>
    /// Most requests the collector works on at once (reading, parsing, appending); one more is
    /// answered 429 with <c>Retry-After</c> before its body is read. Bounds memory: at worst
    /// <c>MaxInFlightRequests × (MaxRequestBytes + MaxDecompressedBytes)</c> of bodies, about
    /// 545 MiB with the defaults, and typically 64 × ~80 KiB for mobile batches. 64 is twice the
    /// concurrency that saturated a 2-core collector in bench/README.md, so it never sheds below capacity.
    /// </summary>
    public int MaxInFlightRequests { get; set; } = 64;

    /// <summary>The <c>Retry-After</c> of a 429 when <see cref="MaxInFlightRequests"/> are in flight; short, because overload passes and SDKs add jitter.</summary>
    public int OverloadRetryAfterSeconds { get; set; } = 1;

    /// <summary>
    /// A request body arriving slower than this (after <see cref="SlowBodyGracePeriodSeconds"/>)
    /// is cut off with 408, so that a trickling client cannot hold an in-flight slot. Default 1 KiB/s:
    /// a 5 KiB gzip batch over a poor 2G link (~10 KiB/s) passes by a wide margin.
    /// </summary>
    public int MinRequestBodyBytesPerSecond { get; set; } = 1024;

    /// <summary>How long a body may arrive slower than <see cref="MinRequestBodyBytesPerSecond"/> before it is cut off (Kestrel needs more than 1 s).</summary>
    public int SlowBodyGracePeriodSeconds { get; set; } = 5;

    /// <summary>A client must send all request headers within this time (Kestrel's <c>RequestHeadersTimeout</c>, server-wide). Default 10 s.</summary>
    public int RequestHeadersTimeoutSeconds { get; set; } = 10;

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
