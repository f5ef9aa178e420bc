namespace Tally.Speed.Processing;

/// <summary>
/// The open sessions in expiry order (<see cref="OpenSessionExpiryOrder"/>: oldest activity first,
/// the key breaking ties). A priority queue with lazy deletion instead of a sorted set, because
/// nearly every event moves its session (its activity grows) and a sorted set allocated a node for
/// each move: a move enqueues the session again and the entry it leaves behind is skipped when it
/// surfaces, as are a removed session's. A session's activity never decreases, so an entry is
/// current exactly when the session is still queued and the entry's activity is its activity.
/// </summary>
internal sealed class SessionExpiryQueue
{
    // Rebuilt without its stale entries once they outnumber the sessions by this much (and by half).
    private const int StaleAllowance = 1_024;

    private readonly PriorityQueue<OpenSession, (long ActivityTicks, string Key)> _queue = new(EntryOrder.Instance);
    private readonly List<(OpenSession, (long, string))> _current = [];

    /// <summary>Sessions queued.</summary>
    public int Count { get; private set; }

    /// <summary>The session that expires first, or null when none is queued.</summary>
    public OpenSession? Min
    {
        get
        {
            while (_queue.TryPeek(out var session, out var entry))
            {
                if (IsCurrent(session, entry))
                {
                    return session;
                }
                _queue.Dequeue();
            }
            return null;
        }
    }

    public void Add(OpenSession session)
    {
        if (session.InExpiryQueue)
        {
            throw new InvalidOperationException($"Session {session.Key} is already queued.");
        }
        session.InExpiryQueue = true;
        Count++;
        Enqueue(session);
    }

    /// <summary>Re-queues <paramref name="session"/> after its activity grew.</summary>
    public void Moved(OpenSession session)
    {
        if (session.InExpiryQueue)
        {
            Enqueue(session);
        }
    }

    public void Remove(OpenSession session)
    {
        if (session.InExpiryQueue)
        {
            session.InExpiryQueue = false;
            Count--;
        }
    }

    private void Enqueue(OpenSession session)
    {
        if (_queue.Count >= 2 * Count + StaleAllowance)
        {
            DropStaleEntries();
        }
        _queue.Enqueue(session, (session.Activity.UtcTicks, session.Key));
    }

    private void DropStaleEntries()
    {
        _current.Clear();
        foreach (var (session, entry) in _queue.UnorderedItems)
        {
            if (IsCurrent(session, entry))
            {
                _current.Add((session, entry));
            }
        }
        _queue.Clear();
        _queue.EnqueueRange(_current);
        _current.Clear();
    }

    private static bool IsCurrent(OpenSession session, (long ActivityTicks, string Key) entry) =>
        session.InExpiryQueue && session.Activity.UtcTicks == entry.ActivityTicks;

    // OpenSessionExpiryOrder on the values an entry was queued with.
    private sealed class EntryOrder : IComparer<(long ActivityTicks, string Key)>
    {
        public static readonly EntryOrder Instance = new();

        public int Compare((long ActivityTicks, string Key) x, (long ActivityTicks, string Key) y)
        {
            int byActivity = x.ActivityTicks.CompareTo(y.ActivityTicks);
            return byActivity != 0 ? byActivity : string.CompareOrdinal(x.Key, y.Key);
        }
    }
}
