using Tally.Log.Contract;
using static Tally.Log.Contract.LogTestExtensions;

namespace Tally.Log.Embedded.Tests;

/// <summary>Crash with a damaged tail, recover, and lose nothing that was committed before it.</summary>
public sealed class TornTailRecoveryTests
{
    public enum TailDamage { Garbage, HalfARecord, ZeroFilledBlock, FlippedChecksumOfLastRecord }

    [Theory]
    [InlineData(TailDamage.Garbage)]
    [InlineData(TailDamage.HalfARecord)]
    [InlineData(TailDamage.ZeroFilledBlock)]
    [InlineData(TailDamage.FlippedChecksumOfLastRecord)]
    public async Task Recovery_keeps_every_record_before_the_torn_tail(TailDamage damage)
    {
        await using var original = new EmbeddedLogUnderTest();
        await using var crashed = new EmbeddedLogUnderTest();

        // 1. Write records and keep their acknowledgements.
        var acknowledged = new List<LogPosition>();
        await using (var log = await original.OpenEmbeddedAsync())
        {
            for (var i = 0; i < 20; i++)
            {
                acknowledged.Add(await log.AppendAsync(0, Payload($"r{i}")));
            }

            // 2. Crash: take the files as they are while the log is open (no clean shutdown).
            LogFiles.CopyAsCrashed(original.Directory, crashed.Directory);
        }

        // 3. Damage the tail of the active segment.
        var segment = crashed.SegmentFiles(0)[^1];
        var lastRecordStart = acknowledged[^1].Offset;
        switch (damage)
        {
            case TailDamage.Garbage:
                LogFiles.AppendBytes(segment, "not a record at all"u8);
                break;
            case TailDamage.HalfARecord:
                var framed = LogFiles.FramedRecord("torn in half");
                LogFiles.AppendBytes(segment, framed.AsSpan(0, framed.Length / 2));
                break;
            case TailDamage.ZeroFilledBlock:
                LogFiles.AppendBytes(segment, new byte[4096]);
                break;
            case TailDamage.FlippedChecksumOfLastRecord:
                LogFiles.FlipByte(segment, lastRecordStart + 4);
                acknowledged.RemoveAt(acknowledged.Count - 1); // the damaged record itself is gone
                break;
        }

        // 4. Recover.
        await using var recovered = await crashed.OpenEmbeddedAsync();

        // 5. Every record before the damage is there, and nothing after it.
        var records = await recovered.ReadAllAsync();
        Assert.Equal(acknowledged, records.Select(r => new LogPosition(r.Partition, r.Offset)));
        Assert.Equal(records[^1].NextOffset, new FileInfo(segment).Length);

        // 6. Write again: the new record follows directly and everything reads back.
        var next = await recovered.AppendAsync(0, Payload("after recovery"));
        Assert.Equal(records[^1].NextOffset, next.Offset);
        var all = await recovered.ReadAllAsync();
        Assert.Equal([.. records.Select(r => r.Text()), "after recovery"], all.Select(r => r.Text()));
    }

    [Fact]
    public async Task A_damaged_closed_segment_is_reported_after_a_crash_not_dropped()
    {
        await using var original = new EmbeddedLogUnderTest(new EmbeddedLogOptions { PartitionCount = 1, SegmentBytes = 64 * 1024 });
        await using var crashed = new EmbeddedLogUnderTest(new EmbeddedLogOptions { PartitionCount = 1, SegmentBytes = 64 * 1024 });

        // 1. Write enough to close a few segments, then 2. crash.
        await using (var log = await original.OpenEmbeddedAsync())
        {
            await AppendLargeRecordsAsync(log, 30);
            LogFiles.CopyAsCrashed(original.Directory, crashed.Directory);
        }

        // 3. Damage the middle of the oldest (closed) segment.
        var oldest = crashed.SegmentFiles(0)[0];
        Assert.True(crashed.SegmentFiles(0).Length > 2);
        LogFiles.FlipByte(oldest, new FileInfo(oldest).Length / 2);

        // 4. Recovery refuses to open silently.
        await Assert.ThrowsAsync<LogCorruptException>(crashed.OpenEmbeddedAsync);
    }

    [Fact]
    public async Task A_damaged_closed_segment_is_reported_when_read_after_a_clean_shutdown()
    {
        await using var store = new EmbeddedLogUnderTest(new EmbeddedLogOptions { PartitionCount = 1, SegmentBytes = 64 * 1024 });
        await using (var log = await store.OpenEmbeddedAsync())
        {
            await AppendLargeRecordsAsync(log, 30);
        }

        var oldest = store.SegmentFiles(0)[0];
        LogFiles.FlipByte(oldest, new FileInfo(oldest).Length / 2);

        await using var reopened = await store.OpenEmbeddedAsync();
        await Assert.ThrowsAsync<LogCorruptException>(reopened.ReadAllAsync);
    }

    internal static async Task AppendLargeRecordsAsync(IEventLog log, int count, int partition = 0)
    {
        for (var i = 0; i < count; i++)
        {
            await log.AppendAsync(partition, new byte[8 * 1024]);
        }
    }
}
