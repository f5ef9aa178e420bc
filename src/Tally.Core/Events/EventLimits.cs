namespace Tally.Core.Events;

/// <summary>
/// Input limits. The defaults follow the Segment HTTP API so that SDKs built for it never
/// hit a Tally limit they would not hit there.
/// </summary>
public sealed record EventLimits
{
    public static readonly EventLimits Default = new();

    /// <summary>Largest request body accepted on the wire (Segment: 500 KB per batch).</summary>
    public int MaxRequestBytes { get; init; } = 512 * 1024;

    /// <summary>Largest body after gzip decompression; stops compression bombs early.</summary>
    public int MaxDecompressedBytes { get; init; } = 8 * 1024 * 1024;

    /// <summary>Most events in one batch.</summary>
    public int MaxBatchEvents { get; init; } = 2_500;

    /// <summary>Largest single event, as JSON (Segment: 32 KB).</summary>
    public int MaxEventBytes { get; init; } = 32 * 1024;

    /// <summary>Longest id, name or context string, in characters.</summary>
    public int MaxStringLength { get; init; } = 1_024;
}
