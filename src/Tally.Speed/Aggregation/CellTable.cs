using System.Numerics;

namespace Tally.Speed.Aggregation;

/// <summary>
/// The cells of <see cref="ViewDeltas"/>: open addressing with linear probing over one array whose
/// slots hold a cell's key, its hash and its family's accumulators side by side. Folding is mostly
/// cache misses on the tens of thousands of cells of an interval: a <see cref="Dictionary{TKey, TValue}"/>
/// reads its bucket array and then its entry, this reads the slot alone (on a collision also the next,
/// usually in the same or the next cache line). At most three quarters full; <see cref="Clear"/>
/// keeps the capacity for the next interval, as the dictionary did.
/// </summary>
internal sealed class CellTable
{
    private const int InitialCapacity = 1024;

    private Slot[] _slots = new Slot[InitialCapacity];
    // Slot index = the top bits of the mixed hash: 64 − log2(capacity) of them shifted away.
    private int _shift = 64 - BitOperations.Log2(InitialCapacity);

    public int Count { get; private set; }

    /// <summary>The accumulators of <paramref name="id"/>'s cell, added empty if it has none yet.</summary>
    public ref FamilyAccumulators GetOrAdd(in CellId id)
    {
        if (4 * (Count + 1) > 3 * _slots.Length)
        {
            Grow();
        }
        ulong mixed = Mix(id);
        int tag = TagOf(mixed);
        var slots = _slots;
        int mask = slots.Length - 1;
        for (int i = (int)(mixed >> _shift); ; i = (i + 1) & mask)
        {
            ref var slot = ref slots[i];
            if (slot.Tag == tag && slot.Id == id)
            {
                return ref slot.Accumulators;
            }
            if (slot.Tag == 0)
            {
                slot.Tag = tag;
                slot.Id = id;
                Count++;
                return ref slot.Accumulators;
            }
        }
    }

    /// <summary>Starts loading the slot where a search for <paramref name="id"/> starts (see <see cref="Aggregation.Prefetch"/>).</summary>
    public void Prefetch(in CellId id) => Aggregation.Prefetch.Of(ref _slots[(int)(Mix(id) >> _shift)]);

    /// <summary>Every cell, in no particular order; the table must not change while this runs.</summary>
    public IEnumerable<(CellId Id, FamilyAccumulators Accumulators)> Cells()
    {
        for (int i = 0; i < _slots.Length; i++)
        {
            if (_slots[i].Tag != 0)
            {
                yield return (_slots[i].Id, _slots[i].Accumulators);
            }
        }
    }

    /// <summary>Slots allocated; at most three quarters of them hold a cell.</summary>
    public int Capacity => _slots.Length;

    /// <summary>
    /// Empties the table for the next interval. The capacity stays (an interval mostly needs what the
    /// one before did) unless it is more than four times what this interval needed: one burst should
    /// not pin a large table for good.
    /// </summary>
    public void Clear()
    {
        int needed = Math.Max(InitialCapacity, (int)BitOperations.RoundUpToPowerOf2((uint)(2 * Count + 1)));
        if (_slots.Length > 4 * needed)
        {
            _slots = new Slot[needed];
            _shift = 64 - BitOperations.Log2((uint)needed);
        }
        else if (Count > 0)
        {
            Array.Clear(_slots);
        }
        Count = 0;
    }

    private void Grow()
    {
        var old = _slots;
        _slots = new Slot[2 * old.Length];
        _shift--;
        int mask = _slots.Length - 1;
        foreach (ref var slot in old.AsSpan())
        {
            if (slot.Tag == 0)
            {
                continue;
            }
            int i = (int)(Mix(slot.Id) >> _shift);
            while (_slots[i].Tag != 0)
            {
                i = (i + 1) & mask;
            }
            _slots[i] = slot;
        }
    }

    // Fibonacci hashing: the record struct's hash combines fields linearly, so spread it before taking top bits.
    private static ulong Mix(in CellId id) => (ulong)(uint)id.GetHashCode() * 0x9E3779B97F4A7C15UL;

    // Never 0, which marks a free slot; compared before the key, so most mismatches read no key field.
    private static int TagOf(ulong mixed) => (int)mixed | 1;

    private struct Slot
    {
        public int Tag;
        public CellId Id;
        public FamilyAccumulators Accumulators;
    }
}
