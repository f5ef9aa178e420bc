using Tally.Log.Contract;
using static Tally.Log.Embedded.Tests.TornTailRecoveryTests;

namespace Tally.Log.Embedded.Tests;

public sealed class SegmentTests
{
    [Fact]
    public async Task A_full_segment_rolls_to_a_file_named_by_the_next_offset()
    {
        await using var store = new EmbeddedLogUnderTest(new EmbeddedLogOptions { PartitionCount = 2, SegmentBytes = 64 * 1024 });
        await using (var log = await store.OpenEmbeddedAsync())
        {
            await AppendLargeRecordsAsync(log, 30, partition: 1);
        }

        var files = store.SegmentFiles(1);
        Assert.True(files.Length >= 3);
        Assert.All(files.SkipLast(1), f => Assert.True(new FileInfo(f).Length >= 64 * 1024));
        Assert.Single(store.SegmentFiles(0));

        await using var reopened = await store.OpenEmbeddedAsync();
        var records = await reopened.ReadAllAsync();
        Assert.Equal(30, records.Count);
        var baseOffsets = files.Select(f => long.Parse(Path.GetFileNameWithoutExtension(f), System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal(baseOffsets, records.Select(r => r.Offset).Where(o => baseOffsets.Contains(o)));
        Assert.Equal(0, records[0].Offset);
        for (var i = 1; i < records.Count; i++)
        {
            Assert.Equal(records[i - 1].NextOffset, records[i].Offset);
        }
    }

    [Fact]
    public async Task A_consumer_reads_across_segment_boundaries_while_they_roll()
    {
        await using var store = new EmbeddedLogUnderTest(new EmbeddedLogOptions { PartitionCount = 1, SegmentBytes = 64 * 1024 });
        await using var log = await store.OpenEmbeddedAsync();
        await using var consumer = log.Subscribe("follower");

        var appends = AppendLargeRecordsAsync(log, 30);
        var records = await consumer.FetchAtLeastAsync(30);
        await appends;

        Assert.Equal(30, records.Count);
        Assert.True(store.SegmentFiles(0).Length >= 3);
    }
}
