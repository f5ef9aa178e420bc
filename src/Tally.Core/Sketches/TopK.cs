namespace Tally.Core.Sketches;

/// <summary>
/// Heavy hitters of a stream of string keys (property values for breakdowns) in bounded memory: the
/// Space-Saving algorithm (Metwally, Agrawal and El Abbadi, 2005) over <see cref="Capacity"/> counters.
/// <para>
/// Guarantees, also after <see cref="Merge"/>: every listed count overestimates the key's true count
/// by at most its <see cref="TopKEntry.MaxError"/>, which is at most <see cref="TotalCount"/> /
/// <see cref="Capacity"/>; a key that is not listed occurred at most <see cref="MinimumCount"/> times;
/// so every key that occurred more than TotalCount / Capacity times is listed. While at most
/// Capacity distinct keys have been seen, all counts are exact. For a reliable top k, give it
/// 10 × k counters or more.
/// </para>
/// <para>
/// Counters sit in a min-heap ordered by (count, key), so which key is evicted depends only on the
/// counters' contents: a filter restored from bytes evolves exactly like the one that was saved.
/// Adding a key already counted allocates nothing; admitting a new one given as a span allocates its
/// string. Not thread-safe.
/// </para>
/// </summary>
public sealed partial class TopK
{
    /// <summary>A million counters (tens of megabytes with keys); beyond that a breakdown wants exact counting.</summary>
    public const int MaxCapacity = 1 << 20;

    private readonly Dictionary<string, int> _slotOfKey;
    private readonly Dictionary<string, int>.AlternateLookup<ReadOnlySpan<char>> _slotOfSpan;
    private readonly string[] _keys;
    private readonly long[] _counts;
    private readonly long[] _errors;
    // _heap[position] = slot, _positionOf[slot] = position; the root holds the smallest counter.
    private readonly int[] _heap;
    private readonly int[] _positionOf;
    private int _size;

    public TopK(int capacity)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(capacity, MaxCapacity);
        Capacity = capacity;
        _slotOfKey = new Dictionary<string, int>(capacity, StringComparer.Ordinal);
        _slotOfSpan = _slotOfKey.GetAlternateLookup<ReadOnlySpan<char>>();
        _keys = new string[capacity];
        _counts = new long[capacity];
        _errors = new long[capacity];
        _heap = new int[capacity];
        _positionOf = new int[capacity];
    }

    /// <summary>Counters kept; memory is proportional to it (about 60 bytes plus the key string per counter).</summary>
    public int Capacity { get; }

    /// <summary>Keys currently counted.</summary>
    public int Count => _size;

    /// <summary>Sum of all counts added (N).</summary>
    public long TotalCount { get; private set; }

    /// <summary>The most a key that is not listed can have occurred: the smallest counter once all are in use, else 0.</summary>
    public long MinimumCount => _size < Capacity ? 0 : _counts[_heap[0]];

    public void Add(string key, long count = 1)
    {
        ArgumentNullException.ThrowIfNull(key);
        ArgumentOutOfRangeException.ThrowIfLessThan(count, 1);
        if (_slotOfKey.TryGetValue(key, out int slot))
        {
            Increment(slot, count);
        }
        else
        {
            Admit(key, count);
        }
    }

    /// <summary>Counts a key given as characters, allocating its string only if it is not counted yet.</summary>
    public void Add(ReadOnlySpan<char> key, long count = 1)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(count, 1);
        if (_slotOfSpan.TryGetValue(key, out int slot))
        {
            Increment(slot, count);
        }
        else
        {
            Admit(key.ToString(), count);
        }
    }

    /// <summary>The <paramref name="n"/> largest counters, largest first (ties by ordinal key order).</summary>
    public IReadOnlyList<TopKEntry> Top(int n)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(n);
        return Entries().Take(n).ToList();
    }

    public TopK Clone()
    {
        var clone = new TopK(Capacity);
        clone.Load(Entries(), TotalCount);
        return clone;
    }

    /// <summary>All counters in canonical order: count descending, then key ordinal.</summary>
    private IEnumerable<TopKEntry> Entries() =>
        Enumerable.Range(0, _size)
            .Select(slot => new TopKEntry(_keys[slot], _counts[slot], _errors[slot]))
            .OrderByDescending(entry => entry.Count)
            .ThenBy(entry => entry.Key, StringComparer.Ordinal);

    private void Increment(int slot, long count)
    {
        TotalCount += count;
        _counts[slot] += count;
        SiftDown(_positionOf[slot]);
    }

    private void Admit(string key, long count)
    {
        TotalCount += count;
        if (_size < Capacity)
        {
            Insert(key, count, error: 0);
            return;
        }
        // Space-Saving: the new key takes over the smallest counter and inherits its count as error.
        int slot = _heap[0];
        long minimum = _counts[slot];
        _slotOfKey.Remove(_keys[slot]);
        _keys[slot] = key;
        _slotOfKey.Add(key, slot);
        _counts[slot] = minimum + count;
        _errors[slot] = minimum;
        SiftDown(0);
    }

    private void Insert(string key, long count, long error)
    {
        int slot = _size++;
        _keys[slot] = key;
        _counts[slot] = count;
        _errors[slot] = error;
        _slotOfKey.Add(key, slot);
        _heap[slot] = slot;
        _positionOf[slot] = slot;
        SiftUp(slot);
    }

    private void Load(IEnumerable<TopKEntry> entries, long totalCount)
    {
        foreach (TopKEntry entry in entries)
        {
            Insert(entry.Key, entry.Count, entry.MaxError);
        }
        TotalCount = totalCount;
    }

    private void Reset()
    {
        _slotOfKey.Clear();
        Array.Clear(_keys);
        _size = 0;
        TotalCount = 0;
    }

    private bool Less(int slot, int other) =>
        _counts[slot] < _counts[other]
        || (_counts[slot] == _counts[other] && string.CompareOrdinal(_keys[slot], _keys[other]) < 0);

    private void SiftUp(int position)
    {
        int slot = _heap[position];
        while (position > 0)
        {
            int parent = (position - 1) / 2;
            if (!Less(slot, _heap[parent]))
            {
                break;
            }
            Place(_heap[parent], position);
            position = parent;
        }
        Place(slot, position);
    }

    private void SiftDown(int position)
    {
        int slot = _heap[position];
        while (true)
        {
            int child = (2 * position) + 1;
            if (child >= _size)
            {
                break;
            }
            if (child + 1 < _size && Less(_heap[child + 1], _heap[child]))
            {
                child++;
            }
            if (!Less(_heap[child], slot))
            {
                break;
            }
            Place(_heap[child], position);
            position = child;
        }
        Place(slot, position);
    }

    private void Place(int slot, int position)
    {
        _heap[position] = slot;
        _positionOf[slot] = position;
    }
}
