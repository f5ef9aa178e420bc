using System.Text;
using Tally.Client.Queue;
using Tally.Client.Tests.Support;

namespace Tally.Client.Tests.Queue;

public sealed class DiskQueueTests
{
    [Fact]
    public void A_torn_tail_is_skipped_and_every_intact_record_survives_repeated_recovery()
    {
        using var storage = new TestStorage();

        // 1. Write ten records.
        using (var queue = DiskQueue.Open(storage.Directory, out var none, out _))
        {
            Assert.Empty(none);
            queue.Append(Records(0, 10));
        }

        // 2. A kill mid-write: half a frame at the end of the segment.
        string segment = Directory.GetFiles(storage.Directory, "*.seg").Single();
        var frame = new byte[RecordFraming.FrameLength(Record(10))];
        RecordFraming.Write(Record(10), frame);
        using (var file = new FileStream(segment, FileMode.Append))
        {
            file.Write(frame, 0, frame.Length / 2);
        }

        // 3. Recover: the ten intact records, the torn frame reported; write more.
        using (var queue = DiskQueue.Open(storage.Directory, out var recovered, out int torn))
        {
            Assert.Equal(1, torn);
            Assert.Equal(Enumerable.Range(0, 10).Select(i => (long)i), recovered.Select(r => r.Sequence));
            Assert.Equal("event-3", Encoding.UTF8.GetString(recovered[3].Json));
            queue.Append(Records(10, 5));
        }

        // 4. Recover again: all fifteen, in order.
        using (var queue = DiskQueue.Open(storage.Directory, out var recovered, out _))
        {
            Assert.Equal(Enumerable.Range(0, 15).Select(i => (long)i), recovered.Select(r => r.Sequence));
        }
    }

    [Fact]
    public void Records_below_the_committed_cursor_are_not_recovered_and_consumed_segments_are_deleted()
    {
        using var storage = new TestStorage();
        using (var queue = DiskQueue.Open(storage.Directory, out _, out _))
        {
            // Records big enough that a few fill a segment.
            var big = Enumerable.Range(0, 8).Select(i => new QueuedEvent(i, new byte[DiskQueue.SegmentBytes / 3])).ToList();
            foreach (var record in big)
            {
                queue.Append([record]);
            }
            Assert.True(Directory.GetFiles(storage.Directory, "*.seg").Length >= 3);
            queue.Commit(6);
            Assert.Equal(6, queue.Cursor);
        }

        using (var queue = DiskQueue.Open(storage.Directory, out var recovered, out _))
        {
            Assert.Equal([6L, 7L], recovered.Select(r => r.Sequence));
            // Only the segment holding 6 and 7 (and none fully below the cursor) remains.
            Assert.Single(Directory.GetFiles(storage.Directory, "*.seg"));
        }
    }

    [Fact]
    public void A_torn_cursor_write_falls_back_to_the_other_slot()
    {
        using var storage = new TestStorage();
        using (var queue = DiskQueue.Open(storage.Directory, out _, out _))
        {
            queue.Append(Records(0, 10));
            queue.Commit(4);
            queue.Commit(7);
        }
        // Corrupt the slot holding 7 (the second slot): the cursor falls back to 4, which re-delivers, never loses.
        string cursor = Path.Combine(storage.Directory, "cursor");
        var bytes = File.ReadAllBytes(cursor);
        bytes[12] ^= 0xFF;
        File.WriteAllBytes(cursor, bytes);

        using var reopened = DiskQueue.Open(storage.Directory, out var recovered, out _);
        Assert.Equal(4, reopened.Cursor);
        Assert.Equal(4L, recovered[0].Sequence);
    }

    private static QueuedEvent Record(long sequence) => new(sequence, Encoding.UTF8.GetBytes("event-" + sequence));

    private static List<QueuedEvent> Records(long first, int count) =>
        Enumerable.Range(0, count).Select(i => Record(first + i)).ToList();
}
