namespace Tally.Log.Nats;

/// <summary>
/// Kafka's range assignment: members sorted by id take contiguous runs of partitions, the first
/// ones one extra when the count does not divide. Every process computes the same result from
/// the same member list, so no coordinator is needed.
/// </summary>
internal static class RangeAssignment
{
    public static int[] For(int memberIndex, int memberCount, int partitionCount)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(memberCount, 1);
        ArgumentOutOfRangeException.ThrowIfNegative(memberIndex);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(memberIndex, memberCount);
        var perMember = partitionCount / memberCount;
        var withExtra = partitionCount % memberCount;
        var start = memberIndex * perMember + Math.Min(memberIndex, withExtra);
        var count = perMember + (memberIndex < withExtra ? 1 : 0);
        return [.. Enumerable.Range(start, count)];
    }
}
