namespace Tally.Query.Status;

/// <summary>How far the speed layer is behind the log, and so how stale live data is.</summary>
/// <param name="OffsetsBehind">
/// How far the speed views are behind the log, summed over partitions, in the log's own offset units
/// (opaque: bytes for the embedded log, messages for Kafka); null without a log to compare with.
/// </param>
/// <param name="Age">
/// How long live data has been incomplete: zero when the speed layer has processed every record;
/// otherwise the time since this query node last saw the speed layer's committed offsets move.
/// Null when it cannot be told (no log registered in this process).
/// </param>
/// <param name="Stale">True when <paramref name="Age"/> exceeds <see cref="QueryOptions.StaleAfter"/>.</param>
public sealed record SpeedLag(
    string ConsumerGroup,
    long? OffsetsBehind,
    IReadOnlyList<PartitionLag> Partitions,
    TimeSpan? Age,
    bool Stale);

/// <param name="Committed">The next offset the speed layer will process (its committed offset); 0 before its first commit.</param>
/// <param name="End">The log's next-to-be-written offset.</param>
public readonly record struct PartitionLag(int Partition, long Committed, long End)
{
    public long Behind => Math.Max(0, End - Committed);
}
