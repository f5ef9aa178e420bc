using Tally.Log.Contract;
using static Tally.Log.Contract.LogTestExtensions;

namespace Tally.Log.Embedded.Tests;

/// <summary>
/// <see cref="EmbeddedEventLog.AppendAllAsync"/> commits a producer request's records all or nothing, so a request
/// refused with "retry" (a full disk) leaves nothing behind that its retry would append twice.
/// </summary>
public sealed class AppendAllTests
{
    [Fact]
    public async Task Records_for_several_partitions_are_all_committed_together()
    {
        await using var store = new EmbeddedLogUnderTest(partitionCount: 3);
        await using var log = await store.OpenEmbeddedAsync();

        await log.AppendAllAsync([new LogAppend(0, Payload("a")), new LogAppend(2, Payload("b")), new LogAppend(0, Payload("c"))]);

        Assert.Equal(["a", "c", "b"], (await log.ReadAllAsync()).Select(r => r.Text()));
    }

    [LinuxFact]
    public async Task When_one_partition_cannot_write_none_of_the_records_is_committed_and_later_appends_work()
    {
        // 1. Partition 1's active segment is /dev/full: every write to it fails with ENOSPC.
        await using var store = new EmbeddedLogUnderTest(partitionCount: 2);
        await (await store.OpenEmbeddedAsync()).DisposeAsync();
        var fullDisk = store.SegmentFiles(1).Single();
        File.Delete(fullDisk);
        File.CreateSymbolicLink(fullDisk, "/dev/full");
        await using var log = await store.OpenEmbeddedAsync();

        // 2. A request spanning both partitions fails as a whole: partition 0's record was written and fsynced, then cut back.
        var failure = await Assert.ThrowsAsync<LogUnavailableException>(async () =>
            await log.AppendAllAsync([new LogAppend(0, Payload("half")), new LogAppend(1, Payload("lost"))]));
        Assert.True(failure.IsTransient);
        Assert.Equal(new PartitionBounds(0, 0), await log.GetBoundsAsync(0));
        Assert.Empty(await log.ReadAllAsync());

        // 3. Partition 0 still commits on its own, from where it was.
        await log.AppendAsync(0, Payload("kept"));
        Assert.Equal("kept", Assert.Single(await log.ReadAllAsync()).Text());
    }

    [Fact]
    public async Task An_oversized_record_refuses_the_whole_request_before_anything_is_appended()
    {
        await using var store = new EmbeddedLogUnderTest(partitionCount: 2);
        await using var log = await store.OpenEmbeddedAsync();

        await Assert.ThrowsAsync<ArgumentException>(async () =>
            await log.AppendAllAsync([new LogAppend(0, Payload("fine")), new LogAppend(1, new byte[RecordFormat.MaxPayloadBytes + 1])]));

        Assert.Empty(await log.ReadAllAsync());
    }
}
