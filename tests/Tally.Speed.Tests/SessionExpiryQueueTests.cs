using Tally.Core.Events;
using Tally.Speed.Processing;

namespace Tally.Speed.Tests;

public sealed class SessionExpiryQueueTests
{
    private static readonly DateTimeOffset Start = new(2025, 3, 10, 0, 0, 0, TimeSpan.Zero);

    /// <summary>
    /// Random adds, moves (activity only grows) and removals — enough moves that stale entries are
    /// dropped several times — keep the queue's minimum and count those of a sorted set in the
    /// same expiry order, which is what the processor used before.
    /// </summary>
    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    public void Minimum_is_the_sorted_sets_after_any_adds_moves_and_removals(int seed)
    {
        var random = new Random(seed);
        var queue = new SessionExpiryQueue();
        var model = new SortedSet<OpenSession>(OpenSessionExpiryOrder.Instance);
        var open = new List<OpenSession>();
        for (int step = 0; step < 20_000; step++)
        {
            int action = random.Next(10);
            if (action < 3 || open.Count == 0)
            {
                var session = new OpenSession($"s{step}", isSdkSession: false, Event(Start)) { Activity = Start.AddSeconds(random.Next(0, 600)) };
                queue.Add(session);
                model.Add(session);
                open.Add(session);
            }
            else if (action < 9)
            {
                var session = open[random.Next(open.Count)];
                model.Remove(session);
                // Same activity now and then: a move that changes nothing.
                session.Activity = session.Activity.AddSeconds(random.Next(0, 3));
                queue.Moved(session);
                model.Add(session);
            }
            else
            {
                var session = random.Next(2) == 0 ? model.Min! : open[random.Next(open.Count)];
                queue.Remove(session);
                model.Remove(session);
                open.Remove(session);
            }
            Assert.Same(model.Min, queue.Min);
            Assert.Equal(model.Count, queue.Count);
        }
    }

    private static TallyEvent Event(DateTimeOffset time) => new()
    {
        Type = EventType.Track,
        AppId = "app-a",
        MessageId = "m",
        AnonymousId = "user-1",
        Event = "Open",
        ReceivedAt = time,
        EventTime = time,
    };
}
