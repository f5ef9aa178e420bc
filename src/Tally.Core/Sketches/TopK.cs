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
/// Counters are kept ranked, largest count first, in one array where the counters of one count form
/// a run: the paper's Stream-Summary, laid out as an array. Adding one to a counter swaps it with the
/// first counter of its run and joins it to the end of the run above, so adding one costs O(1)
/// whatever the capacity (adding c passes at most c runs). The newcomer Space-Saving admits
/// takes over the lowest-ranked counter. Among equal counts the rank is the summary's own history:
/// the same adds in the same order give the same ranks, and a summary restored from bytes (which keep
/// the ranks) evolves exactly like the one that was saved.
/// </para>
/// <para>
/// Top membership: the <see cref="TopSize"/> highest-ranked counters are "in the top", and
/// <see cref="Add(string, long)"/> says whether the key is now a confirmed top key: its counter is in
/// the top and its guaranteed count exceeds <see cref="MinimumCount"/>, so it certainly occurred more
/// often than any key not counted. The second condition keeps a stream of distinct keys (ids), each
/// admitted with the inflated count MinimumCount + 1, from entering the top one by one. For a
/// reliable top k, give it TopSize = k and Capacity = 10 × k or more.
/// </para>
/// <para>
/// Counter arrays grow with use up to <see cref="Capacity"/>, so a summary of few keys is small.
/// Adding a key already counted allocates nothing, nor, once the slots' key buffers are as long as
/// the keys that come, does admitting a new one (see TopK.Keys.cs). Not thread-safe.
/// </para>
/// </summary>
public sealed partial class TopK
{
    /// <summary>A million counters (tens of megabytes with keys); beyond that a breakdown wants exact counting.</summary>
    public const int MaxCapacity = 1 << 20;

    private const int InitialCounters = 4;

    private Counter[] _counters;
    // The counters' slots by rank, largest count first, each with its run; a counter's Position is its rank.
    private Ranked[] _ranked;
    // The runs: ranges of _ranked with one count. Ids of runs no longer in use wait in _freeRuns.
    private Run[] _runs;
    private int[] _freeRuns;
    private int _freeRunCount;
    private int _runsUsed;
    private int _size;

    /// <param name="capacity">Counters kept.</param>
    /// <param name="topSize">How many of the highest-ranked counters are "in the top"; all of them by default.</param>
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
        _ranked = new Ranked[initial];
        _runs = new Run[initial];
        _freeRuns = new int[initial];
    }

    /// <summary>Counters kept at most; memory is proportional to the counters in use (about 110 bytes plus twice the key's length each).</summary>
    public int Capacity { get; }

    /// <summary>How many of the highest-ranked counters are "in the top" (see <see cref="Add(string, long)"/>).</summary>
    public int TopSize { get; }

    /// <summary>Keys currently counted.</summary>
    public int Count => _size;

    /// <summary>Sum of all counts added (N).</summary>
    public long TotalCount { get; private set; }

    /// <summary>The most a key that is not listed can have occurred: the smallest counter once all are in use, else 0.</summary>
    public long MinimumCount => _size < Capacity ? 0 : _counters[LowestSlot].Count;

    private int LowestSlot => _ranked[_size - 1].Slot;

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
        return counter.Position < TopSize && counter.Count - counter.Error > MinimumCount;
    }

    /// <summary>The <paramref name="n"/> highest-ranked counters, largest first (see the class remarks for ties).</summary>
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

    /// <summary>All counters by rank, largest first.</summary>
    private IEnumerable<TopKEntry> Entries() =>
        Enumerable.Range(0, _size)
            .Select(position => _ranked[position].Slot)
            .Select(slot => new TopKEntry(KeyStringForRead(slot), _counters[slot].Count, _counters[slot].Error));

    private int Increment(int slot, long count)
    {
        TotalCount += count;
        Raise(slot, count);
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
        int slot = LowestSlot;
        UnindexSlot(slot);
        StoreKey(slot, key, keyString);
        IndexSlot(slot, hash);
        _counters[slot].Error = _counters[slot].Count;
        Raise(slot, count);
        return slot;
    }

    // A new counter ranks last: in the lowest run if that has its count, else in a run of its own
    // below it; a count larger than the lowest run's is raised from there.
    private int Insert(ReadOnlySpan<char> key, string? keyString, int hash, long count, long error)
    {
        EnsureCounters(_size + 1);
        int slot = _size;
        int position = _size++;
        StoreKey(slot, key, keyString);
        IndexSlot(slot, hash);
        ref var counter = ref _counters[slot];
        counter.Error = error;
        counter.Position = position;
        int lowest = position > 0 ? _ranked[position - 1].Run : -1;
        if (lowest >= 0 && _runs[lowest].Count <= count)
        {
            _runs[lowest].End++;
            _ranked[position] = new Ranked(slot, lowest);
            counter.Count = _runs[lowest].Count;
            Raise(slot, count - counter.Count);
        }
        else
        {
            _ranked[position] = new Ranked(slot, NewRun(count, position));
            counter.Count = count;
        }
        return slot;
    }

    /// <summary>
    /// Adds <paramref name="by"/> to a counter and moves it to its new rank: out of its run from the
    /// run's first position (the counter there takes its place), through every run it now exceeds,
    /// to the end of the run of its new count, or into a new run of its own.
    /// </summary>
    private void Raise(int slot, long by)
    {
        if (by == 0)
        {
            return;
        }
        ref var counter = ref _counters[slot];
        long raised = counter.Count + by;
        int position = counter.Position;
        int run = _ranked[position].Run;
        while (true)
        {
            ref var current = ref _runs[run];
            int first = current.Start;
            Swap(position, first);
            position = first;
            current.Start++;
            if (current.Start == current.End)
            {
                FreeRun(run);
            }
            int above = position > 0 ? _ranked[position - 1].Run : -1;
            if (above < 0 || _runs[above].Count > raised)
            {
                _ranked[position] = new Ranked(slot, NewRun(raised, position));
                break;
            }
            // Joins the run above at its end; passes through it while that run's count is still smaller.
            _runs[above].End++;
            _ranked[position] = new Ranked(slot, above);
            if (_runs[above].Count == raised)
            {
                break;
            }
            run = above;
        }
        counter.Count = raised;
    }

    private void Swap(int position, int other)
    {
        if (position == other)
        {
            return;
        }
        int slot = _ranked[position].Slot;
        int otherSlot = _ranked[other].Slot;
        _ranked[position] = _ranked[position] with { Slot = otherSlot };
        _ranked[other] = _ranked[other] with { Slot = slot };
        _counters[otherSlot].Position = position;
        _counters[slot].Position = other;
    }

    private int NewRun(long count, int position)
    {
        int run = _freeRunCount > 0 ? _freeRuns[--_freeRunCount] : _runsUsed++;
        _runs[run] = new Run { Count = count, Start = position, End = position + 1 };
        return run;
    }

    private void FreeRun(int run) => _freeRuns[_freeRunCount++] = run;

    private void EnsureCounters(int needed)
    {
        if (needed <= _counters.Length)
        {
            return;
        }
        int length = (int)Math.Min(Capacity, Math.Max(needed, 2L * _counters.Length));
        Array.Resize(ref _counters, length);
        // Runs in use never outnumber the counters.
        Array.Resize(ref _ranked, length);
        Array.Resize(ref _runs, length);
        Array.Resize(ref _freeRuns, length);
        RebuildIndex();
    }

    /// <summary>Loads counters given by rank, largest first (in any other order they are ranked as they come).</summary>
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
        _runsUsed = 0;
        _freeRunCount = 0;
        TotalCount = 0;
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
    }

    /// <summary>A rank's counter and the run it belongs to: a raise finds the run above in the element before.</summary>
    private readonly record struct Ranked(int Slot, int Run);

    /// <summary>The ranks [Start, End) hold the counters of count Count.</summary>
    private struct Run
    {
        public long Count;
        public int Start;
        public int End;
    }
}
