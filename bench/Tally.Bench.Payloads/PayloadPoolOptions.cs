namespace Tally.Bench.Payloads;

/// <summary>What a <see cref="PayloadPool"/> holds. The defaults are the benchmark's reference workload.</summary>
public sealed record PayloadPoolOptions
{
    public static readonly PayloadPoolOptions Default = new();

    /// <summary>Distinct batches; enough that the collector does not see one body over and over.</summary>
    public int Batches { get; init; } = 256;

    /// <summary>Events per batch; 100 is the Segment mobile SDKs' upper flush size.</summary>
    public int EventsPerBatch { get; init; } = 100;

    public int Seed { get; init; } = 42;

    /// <summary>Device clocks start around here. Fixed by default so payloads are byte-for-byte reproducible.</summary>
    public DateTimeOffset Start { get; init; } = new(2026, 11, 26, 8, 0, 0, TimeSpan.Zero);
}
