using System.Diagnostics.CodeAnalysis;

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
/// Top membership: the <see cref="TopSize"/> largest counters (by count, then key ordinal) are
/// "in the top", and <see cref="Add(string, long)"/> says, in O(log Capacity) so a caller can decide
/// per occurrence without sorting, whether the key is now a confirmed top key: its counter is in the
/// top and its guaranteed count exceeds <see cref="MinimumCount"/>, so it certainly occurred more
/// often than any key not counted. The second condition keeps a stream of distinct keys (ids),
/// each admitted with the inflated count MinimumCount + 1, from entering the top one by one. For a
/// reliable top k, give it TopSize = k and Capacity = 10 × k or more.
/// </para>
/// <para>
/// Counters sit in two min-heaps ordered by count, ties by key: the top ones and the rest (every top
/// counter orders above every other). Which key is evicted and which is in the top depends only on
/// the counters' contents: a summary restored from bytes evolves exactly like the one that was
/// saved. Counter arrays grow with use up to <see cref="Capacity"/>, so a summary of few keys is
/// small. Adding a key already counted allocates nothing, nor, once the slots' key buffers are as
/// long as the keys that come, does admitting a new one (see TopK.Keys.cs). Not thread-safe.
/// </para>
/// </summary>
public sealed partial class TopK
{
    /// <summary>A million counters (tens of megabytes with keys); beyond that a breakdown wants exact counting.</summary>
    public const int MaxCapacity = 1 << 20;

    private const int InitialCounters = 4;

    private Counter[] _counters;
    // Two heaps of counters, each with its root the smallest: _top holds the TopSize largest counters,
    // _rest the others. A counter's Position is its place in the heap its InTop names.
    private HeapEntry[] _top;
    private HeapEntry[] _rest;
    private int _size;
    private int _topCount;
    private int _restCount;

    /// <param name="capacity">Counters kept.</param>
    /// <param name="topSize">How many of the largest counters are "in the top"; all of them by default.</param>
    public TopK(int capacity, int? topSize = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(capacity, MaxCapacity);
        int top = topSize ?? capacity;
        ArgumentOutOfRangeException.ThrowIfLessThan(top, 1, nameof(topSize));
        ArgumentOutOfRangeException.ThrowIfGreaterThan(top, capacity, nameof(topSize));
        Capacity = capacity;
        TopSize = top;
        int initial = Math.Min(capacity, InitialCounters);
        _counters = new Counter[initial];
        _index = new int[IndexLengthFor(initial)];
        _top = new HeapEntry[Math.Min(initial, top)];
        _rest = new HeapEntry[Math.Max(0, initial - top)];
    }

    /// <summary>Counters kept at most; memory is proportional to the counters in use (about 110 bytes plus twice the key's length each).</summary>
    public int Capacity { get; }

    /// <summary>How many of the largest counters are "in the top" (see <see cref="Add(string, long)"/>).</summary>
    public int TopSize { get; }

    /// <summary>Keys currently counted.</summary>
    public int Count => _size;

    /// <summary>Sum of all counts added (N).</summary>
    public long TotalCount { get; private set; }

    /// <summary>The most a key that is not listed can have occurred: the smallest counter once all are in use, else 0.</summary>
    public long MinimumCount => _size < Capacity ? 0 : _counters[SmallestSlot].Count;

    private int SmallestSlot => _restCount > 0 ? _rest[0].Slot : _top[0].Slot;

    /// <summary>Counts <paramref name="key"/>; true if it is now a confirmed top key (see the class remarks).</summary>
    public bool Add(string key, long count = 1)
    {
        ArgumentNullException.ThrowIfNull(key);
        ArgumentOutOfRangeException.ThrowIfLessThan(count, 1);
        int hash = HashOf(key);
        int counted = FindSlot(key, hash);
        int slot = counted >= 0 ? Increment(counted, count) : Admit(key, key, hash, count);
        return IsConfirmedTop(slot);
    }

    /// <summary>Counts a key given as characters, allocating nothing once the summary is warm; true if it is now a confirmed top key.</summary>
    public bool Add(ReadOnlySpan<char> key, long count = 1)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(count, 1);
        int hash = HashOf(key);
        int counted = FindSlot(key, hash);
        int slot = counted >= 0 ? Increment(counted, count) : Admit(key, null, hash, count);
        return IsConfirmedTop(slot);
    }

    /// <summary>
    /// Counts a key given as characters, as <see cref="Add(ReadOnlySpan{char}, long)"/>; when it is now a
    /// confirmed top key, <paramref name="topKey"/> is its string, made once while it stays counted.
    /// </summary>
    public bool Add(ReadOnlySpan<char> key, [NotNullWhen(true)] out string? topKey)
    {
        int hash = HashOf(key);
        int counted = FindSlot(key, hash);
        int slot = counted >= 0 ? Increment(counted, 1) : Admit(key, null, hash, 1);
        topKey = IsConfirmedTop(slot) ? KeyStringOf(slot) : null;
        return topKey is not null;
    }

    private bool IsConfirmedTop(int slot)
    {
        ref var counter = ref _counters[slot];
        return counter.InTop && counter.Count - counter.Error > MinimumCount;
    }

    /// <summary>The <paramref name="n"/> largest counters, largest first (ties by ordinal key order).</summary>
    public IReadOnlyList<TopKEntry> Top(int n)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(n);
        return Entries().Take(n).ToList();
    }

    public TopK Clone()
    {
        var clone = new TopK(Capacity, TopSize);
        clone.Load(Entries(), TotalCount);
        return clone;
    }

    /// <summary>All counters in canonical order: count descending, then key ordinal.</summary>
    private IEnumerable<TopKEntry> Entries() =>
        Enumerable.Range(0, _size)
            .Select(slot => new TopKEntry(KeyStringForRead(slot), _counters[slot].Count, _counters[slot].Error))
            .OrderByDescending(entry => entry.Count)
            .ThenBy(entry => entry.Key, StringComparer.Ordinal);

    private int Increment(int slot, long count)
    {
        TotalCount += count;
        long raised = _counters[slot].Count += count;
        ref var entry = ref EntryOf(slot);
        entry = entry with { Count = raised };
        Raised(slot);
        return slot;
    }

    private int Admit(ReadOnlySpan<char> key, string? keyString, int hash, long count)
    {
        TotalCount += count;
        if (_size < Capacity)
        {
            return Insert(key, keyString, hash, count, error: 0);
        }
        // Space-Saving: the new key takes over the smallest counter and inherits its count as error.
        int slot = SmallestSlot;
        long minimum = _counters[slot].Count;
        UnindexSlot(slot);
        StoreKey(slot, key, keyString);
        IndexSlot(slot, hash);
        _counters[slot].Count = minimum + count;
        _counters[slot].Error = minimum;
        EntryOf(slot) = new HeapEntry(slot, key, minimum + count);
        Raised(slot);
        return slot;
    }

    private int Insert(ReadOnlySpan<char> key, string? keyString, int hash, long count, long error)
    {
        EnsureCounters(_size + 1);
        int slot = _size++;
        StoreKey(slot, key, keyString);
        _counters[slot].Count = count;
        _counters[slot].Error = error;
        IndexSlot(slot, hash);
        var entry = new HeapEntry(slot, key, count);
        if (_topCount < TopSize)
        {
            // While the top is not full, no counter is outside it.
            _counters[slot].InTop = true;
            SiftUp(_top, _topCount++, entry);
            return slot;
        }
        _counters[slot].InTop = false;
        SiftUp(_rest, _restCount++, entry);
        Promote(slot);
        return slot;
    }

    // A counter grew: restore its heap, and move it into the top if it now orders above the top's smallest.
    private void Raised(int slot)
    {
        if (_counters[slot].InTop)
        {
            SiftDown(_top, _topCount, _counters[slot].Position);
            return;
        }
        SiftDown(_rest, _restCount, _counters[slot].Position);
        Promote(slot);
    }

    private void Promote(int slot)
    {
        var smallestTop = _top[0];
        int restPosition = _counters[slot].Position;
        var raised = _rest[restPosition];
        if (!Less(smallestTop, raised))
        {
            return;
        }
        // Swap places: the top's smallest orders above every other counter, so it sinks into the rest from the slot's place.
        _counters[slot].InTop = true;
        _counters[smallestTop.Slot].InTop = false;
        Place(_rest, smallestTop, restPosition);
        Place(_top, raised, 0);
        SiftDown(_top, _topCount, 0);
        SiftDown(_rest, _restCount, restPosition);
    }

    private void EnsureCounters(int needed)
    {
        if (needed <= _counters.Length)
        {
            return;
        }
        int length = (int)Math.Min(Capacity, Math.Max(needed, 2L * _counters.Length));
        Array.Resize(ref _counters, length);
        Array.Resize(ref _top, Math.Min(length, TopSize));
        Array.Resize(ref _rest, Math.Max(0, length - TopSize));
        RebuildIndex();
    }

    private void Load(IEnumerable<TopKEntry> entries, long totalCount)
    {
        foreach (TopKEntry entry in entries)
        {
            Insert(entry.Key, entry.Key, HashOf(entry.Key), entry.Count, entry.MaxError);
        }
        TotalCount = totalCount;
    }

    private void Reset()
    {
        Array.Clear(_index);
        // Key buffers stay for reuse; strings go with their keys.
        for (int slot = 0; slot < _size; slot++)
        {
            _counters[slot].KeyString = null;
        }
        _size = 0;
        _topCount = 0;
        _restCount = 0;
        TotalCount = 0;
    }

    // The reverse of the canonical order (count descending, key ordinal), so the top holds exactly
    // what Top(TopSize) lists and eviction takes the canonically last counter.
    private bool Less(in HeapEntry counter, in HeapEntry other)
    {
        if (counter.Count != other.Count)
        {
            return counter.Count < other.Count;
        }
        return counter.KeyPrefix != other.KeyPrefix
            ? counter.KeyPrefix > other.KeyPrefix
            : KeyOf(counter.Slot).SequenceCompareTo(KeyOf(other.Slot)) > 0;
    }

    private ref HeapEntry EntryOf(int slot)
    {
        ref var counter = ref _counters[slot];
        return ref (counter.InTop ? _top : _rest)[counter.Position];
    }

    // Places entry at position, or nearer the root while it orders below its parent.
    private void SiftUp(HeapEntry[] heap, int position, HeapEntry entry)
    {
        while (position > 0)
        {
            int parent = (position - 1) / 2;
            if (!Less(entry, heap[parent]))
            {
                break;
            }
            Place(heap, heap[parent], position);
            position = parent;
        }
        Place(heap, entry, position);
    }

    private void SiftDown(HeapEntry[] heap, int count, int position)
    {
        var entry = heap[position];
        while (true)
        {
            int child = (2 * position) + 1;
            if (child >= count)
            {
                break;
            }
            if (child + 1 < count && Less(heap[child + 1], heap[child]))
            {
                child++;
            }
            if (!Less(heap[child], entry))
            {
                break;
            }
            Place(heap, heap[child], position);
            position = child;
        }
        Place(heap, entry, position);
    }

    private void Place(HeapEntry[] heap, in HeapEntry entry, int position)
    {
        heap[position] = entry;
        _counters[entry.Slot].Position = position;
    }

    /// <summary>
    /// One counter: what a lookup, an increment and the top test read, side by side in one array
    /// element. The summaries of a partition's properties are megabytes, mostly out of cache, and a
    /// counter spread over parallel arrays cost a cache miss per array.
    /// </summary>
    private struct Counter
    {
        public long Count;
        public long Error;
        public char[]? KeyChars;
        public string? KeyString;
        public int Hash;
        public int KeyLength;
        public int Position;
        public bool InTop;
    }

    /// <summary>
    /// A counter in a heap, with what ordering it reads inline: its count and its key's first four
    /// UTF-16 code units (big-endian, zero-padded). Counts tie constantly, and a sift that compares
    /// entries side by side in one array spares most reads of the scattered counts and key strings.
    /// </summary>
    private readonly struct HeapEntry(int slot, ReadOnlySpan<char> key, long count)
    {
        public long Count { get; init; } = count;

        /// <summary>
        /// Orders like ordinal string comparison wherever two prefixes differ: a
        /// shorter key's missing units count as 0, below any unit a longer key has there, as ordinal order
        /// puts a proper prefix first. Equal prefixes leave the order to the strings.
        /// </summary>
        public ulong KeyPrefix { get; } = PrefixOf(key);

        public int Slot { get; } = slot;

        private static ulong PrefixOf(ReadOnlySpan<char> key)
        {
            ulong prefix = 0;
            for (int i = 0; i < 4; i++)
            {
                prefix = (prefix << 16) | (i < key.Length ? key[i] : 0u);
            }
            return prefix;
        }
    }
}
