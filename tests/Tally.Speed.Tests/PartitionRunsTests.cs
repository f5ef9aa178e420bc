using Tally.Log;
using Tally.Speed.Processing;

namespace Tally.Speed.Tests;

public sealed class PartitionRunsTests
{
    [Fact]
    public void An_interleaved_fetch_is_regrouped_by_first_appearance_keeping_each_partitions_order()
    {
        var fetch = Records((2, 10), (0, 5), (2, 11), (1, 7), (0, 6), (2, 12), (1, 8));

        var runs = new PartitionRuns().Of(fetch);

        Assert.Equal(Records((2, 10), (2, 11), (2, 12), (0, 5), (0, 6), (1, 7), (1, 8)), runs);
    }

    [Fact]
    public void A_fetch_already_in_runs_is_processed_as_fetched()
    {
        var runs = new PartitionRuns();
        var inRuns = Records((3, 1), (3, 2), (0, 9), (5, 4), (5, 5));

        Assert.Same(inRuns, runs.Of(inRuns));
        Assert.Empty(runs.Of([]));
        // The same instance again: what the previous fetch saw does not carry over.
        var single = Records((0, 10), (0, 11));
        Assert.Same(single, runs.Of(single));
    }

    [Fact]
    public void A_partition_that_comes_back_after_another_is_detected()
    {
        var fetch = Records((1, 1), (0, 1), (1, 2));

        Assert.Equal(Records((1, 1), (1, 2), (0, 1)), new PartitionRuns().Of(fetch));
    }

    private static LogRecord[] Records(params (int Partition, long Offset)[] positions) =>
        [.. positions.Select(p => new LogRecord(p.Partition, p.Offset, p.Offset + 1, DateTimeOffset.UnixEpoch, ReadOnlyMemory<byte>.Empty))];
}
