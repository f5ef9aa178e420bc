using System.Numerics;

namespace Tally.Core.Sketches;

// The slot of each counted key: open addressing with linear probing over slot numbers, with each
// slot's key hash kept beside the counters. Against a Dictionary<string, int>, an eviction hashes
// the newcomer once (the failed lookup's hash is reused) and neither hashes nor reads the evicted
// key's string (its hash is kept), and the index takes about half the memory.
public sealed partial class TopK
{
    // Per position the slot there plus one, 0 for none; a power of two at least twice the counter
    // array's length, so at most half full and probe runs stay short. Each counter keeps its key's hash.
    private int[] _index;

    // Randomised per process (Marvin), as string hashing is: keys come from devices, so a fixed hash
    // would let crafted values pile onto one probe run.
    private static int HashOf(ReadOnlySpan<char> key) => string.GetHashCode(key);

    private static int IndexLengthFor(int counters) => (int)BitOperations.RoundUpToPowerOf2((uint)(2 * counters));

    /// <summary>The slot counting <paramref name="key"/>, or -1.</summary>
    private int FindSlot(ReadOnlySpan<char> key, int hash)
    {
        int mask = _index.Length - 1;
        for (int position = hash & mask; ; position = (position + 1) & mask)
        {
            int entry = _index[position];
            if (entry == 0)
            {
                return -1;
            }
            int slot = entry - 1;
            if (_counters[slot].Hash == hash && key.SequenceEqual(KeyOf(slot)))
            {
                return slot;
            }
        }
    }

    private void IndexSlot(int slot, int hash)
    {
        _counters[slot].Hash = hash;
        int mask = _index.Length - 1;
        int position = hash & mask;
        while (_index[position] != 0)
        {
            position = (position + 1) & mask;
        }
        _index[position] = slot + 1;
    }

    private void UnindexSlot(int slot)
    {
        int mask = _index.Length - 1;
        int hole = _counters[slot].Hash & mask;
        while (_index[hole] != slot + 1)
        {
            hole = (hole + 1) & mask;
        }
        // Backward-shift deletion: a later entry of the probe run moves into the hole unless its home
        // position lies after the hole (cyclically), where a lookup would no longer pass the hole.
        for (int next = (hole + 1) & mask; _index[next] != 0; next = (next + 1) & mask)
        {
            int home = _counters[_index[next] - 1].Hash & mask;
            if (((next - home) & mask) >= ((next - hole) & mask))
            {
                _index[hole] = _index[next];
                hole = next;
            }
        }
        _index[hole] = 0;
    }

    // After the counter arrays grew: a larger index over the slots in use.
    private void RebuildIndex()
    {
        _index = new int[IndexLengthFor(_counters.Length)];
        for (int slot = 0; slot < _size; slot++)
        {
            IndexSlot(slot, _counters[slot].Hash);
        }
    }
}
