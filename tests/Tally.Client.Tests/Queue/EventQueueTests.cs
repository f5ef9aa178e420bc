using Tally.Client.Queue;

namespace Tally.Client.Tests.Queue;

public sealed class EventQueueTests
{
    [Fact]
    public void The_event_cap_drops_the_oldest_and_reports_how_many()
    {
        var queue = new EventQueue(maxEvents: 3, maxBytes: 1_000_000, nextSequence: 0);
        int dropped = Enumerable.Range(0, 5).Sum(_ => queue.Enqueue(new byte[10]));

        Assert.Equal(2, dropped);
        Assert.Equal(3, queue.Count);
        Assert.Equal(2, queue.FirstSequence);
        Assert.Equal([2L, 3L, 4L], queue.Peek(10).Select(e => e.Sequence));
    }

    [Fact]
    public void The_byte_cap_drops_the_oldest_but_keeps_the_newest_event()
    {
        var queue = new EventQueue(maxEvents: 100, maxBytes: 25, nextSequence: 0);
        queue.Enqueue(new byte[10]);
        queue.Enqueue(new byte[10]);
        Assert.Equal(1, queue.Enqueue(new byte[10]));
        Assert.Equal(20, queue.Bytes);

        Assert.Equal(2, queue.Enqueue(new byte[40]));
        Assert.Equal(1, queue.Count);
    }

    [Fact]
    public void Unpersisted_is_what_was_queued_since_the_last_mark_and_not_dropped()
    {
        var queue = new EventQueue(maxEvents: 4, maxBytes: 1_000, nextSequence: 100);
        queue.Enqueue([1]);
        queue.Enqueue([2]);
        queue.MarkPersisted(queue.Unpersisted()[^1].Sequence);
        for (int i = 0; i < 4; i++)
        {
            queue.Enqueue([3]);
        }

        Assert.Equal([102L, 103L, 104L, 105L], queue.Unpersisted().Select(e => e.Sequence));
        Assert.Equal(2, queue.RemoveThrough(103));
        Assert.Equal([104L, 105L], queue.Unpersisted().Select(e => e.Sequence));
    }
}
