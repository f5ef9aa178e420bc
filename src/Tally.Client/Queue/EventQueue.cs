namespace Tally.Client.Queue;

/// <summary>
/// The in-memory mirror of the queue: every event not yet delivered or dropped, in sequence
/// order, with no gaps. Events leave only from the front (delivered, or dropped as the oldest
/// when a cap is hit), so "everything below the first sequence is done" is the whole disk cursor.
/// Thread-safe; every operation is short and does no I/O.
/// </summary>
internal sealed class EventQueue(int maxEvents, long maxBytes, long nextSequence)
{
    private readonly object _gate = new();
    private readonly List<QueuedEvent> _items = [];
    private int _head;
    private long _bytes;
    private long _nextSequence = nextSequence;
    private long _persistedThrough = nextSequence - 1;

    /// <summary>The lowest sequence still queued (the next one to be assigned when empty): the disk cursor.</summary>
    public long FirstSequence
    {
        get
        {
            lock (_gate)
            {
                return _head < _items.Count ? _items[_head].Sequence : _nextSequence;
            }
        }
    }

    public int Count
    {
        get
        {
            lock (_gate)
            {
                return _items.Count - _head;
            }
        }
    }

    public long Bytes
    {
        get
        {
            lock (_gate)
            {
                return _bytes;
            }
        }
    }

    /// <summary>Adds recovered events, already on disk, then applies the caps.</summary>
    /// <returns>How many of the oldest were dropped to fit.</returns>
    public int Restore(IReadOnlyList<QueuedEvent> recovered)
    {
        lock (_gate)
        {
            foreach (var e in recovered)
            {
                _items.Add(e);
                _bytes += e.Json.Length;
            }
            return TrimToCaps();
        }
    }

    /// <summary>Queues <paramref name="json"/> under the next sequence number.</summary>
    /// <returns>How many of the oldest events were dropped to make room.</returns>
    public int Enqueue(byte[] json)
    {
        lock (_gate)
        {
            _items.Add(new QueuedEvent(_nextSequence++, json));
            _bytes += json.Length;
            return TrimToCaps();
        }
    }

    /// <summary>The queued events not yet handed to <see cref="MarkPersisted"/>, oldest first.</summary>
    public List<QueuedEvent> Unpersisted()
    {
        lock (_gate)
        {
            int start = Math.Max(_head, _items.Count - (int)(_nextSequence - 1 - _persistedThrough));
            return _items.GetRange(start, _items.Count - start);
        }
    }

    public void MarkPersisted(long throughSequence)
    {
        lock (_gate)
        {
            _persistedThrough = Math.Max(_persistedThrough, throughSequence);
        }
    }

    /// <summary>Up to <paramref name="max"/> of the oldest events, left in the queue until <see cref="RemoveThrough"/>.</summary>
    public List<QueuedEvent> Peek(int max)
    {
        lock (_gate)
        {
            return _items.GetRange(_head, Math.Min(max, _items.Count - _head));
        }
    }

    /// <summary>Removes every event up to and including <paramref name="sequence"/> (some may already be gone as dropped).</summary>
    /// <returns>How many were removed by this call.</returns>
    public int RemoveThrough(long sequence)
    {
        lock (_gate)
        {
            int removed = 0;
            while (_head < _items.Count && _items[_head].Sequence <= sequence)
            {
                RemoveOldest();
                removed++;
            }
            return removed;
        }
    }

    private int TrimToCaps()
    {
        int dropped = 0;
        // Keep the newest event even if it alone exceeds the byte cap: the collector judges its size.
        while (_items.Count - _head > 1 && (_items.Count - _head > maxEvents || _bytes > maxBytes))
        {
            RemoveOldest();
            dropped++;
        }
        return dropped;
    }

    private void RemoveOldest()
    {
        _bytes -= _items[_head].Json.Length;
        _items[_head++] = null!;
        // Compact once the dead prefix is half the list, so removal stays amortised O(1).
        if (_head > 64 && _head * 2 >= _items.Count)
        {
            _items.RemoveRange(0, _head);
            _head = 0;
        }
    }
}
