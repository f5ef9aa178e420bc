using System.Numerics;

namespace Tally.Core.Sketches;

public sealed partial class HyperLogLog
{
    /// <summary>
    /// Adds every element of <paramref name="other"/> to this sketch (set union), as
    /// postgresql-hll's <c>hll_union</c>: the result is the sketch of the union of both inputs,
    /// independent of order and grouping.
    /// </summary>
    /// <exception cref="ArgumentException">
    /// The sketches differ in precision, register width, explicit threshold or sparse setting.
    /// Like postgresql-hll, Tally does not fold a finer sketch down: folding would make the result
    /// depend on which side was finer and PostgreSQL could not reproduce it.
    /// </exception>
    public void Merge(HyperLogLog other)
    {
        ArgumentNullException.ThrowIfNull(other);
        if (other.Parameters != Parameters)
        {
            throw new ArgumentException(
                $"Cannot merge HLL sketches with different parameters: this has {Parameters}, the other {other.Parameters}.",
                nameof(other));
        }
        if (ReferenceEquals(other, this) || other._kind == Representation.Empty)
        {
            return;
        }
        switch (_kind, other._kind)
        {
            case (Representation.Empty, _):
                CopyStateFrom(other);
                break;
            // Sparse targets merge sorted entries in one pass: inserting them one by one shifts the
            // array each time, quadratic in the sketch size (unions of 30 small daily sketches: MAU).
            case (Representation.Sparse, Representation.Explicit):
                MergeSparseEntries(SparseEntriesOf(other._hashes.AsSpan(0, other._count)));
                break;
            case (Representation.Sparse, Representation.Sparse):
                MergeSparseEntries(other._entries.AsSpan(0, other._count));
                break;
            case (_, Representation.Explicit):
                foreach (long hash in other._hashes.AsSpan(0, other._count))
                {
                    AddHash(hash);
                }
                break;
            case (Representation.Explicit, _):
                long[] hashes = _hashes;
                int count = _count;
                CopyStateFrom(other);
                foreach (long hash in hashes.AsSpan(0, count))
                {
                    AddToRegisters(hash);
                }
                break;
            case (_, Representation.Sparse):
                foreach (uint entry in other._entries.AsSpan(0, other._count))
                {
                    RaiseRegister(SparseIndex(entry), SparseValue(entry));
                }
                break;
            default:
                MergeDenseRegisters(other._registers);
                break;
        }
    }

    /// <summary>A new sketch holding the union of <paramref name="sketches"/> (none of them changes).</summary>
    /// <exception cref="ArgumentException">No sketch given, or their parameters differ.</exception>
    public static HyperLogLog Union(params IEnumerable<HyperLogLog> sketches)
    {
        ArgumentNullException.ThrowIfNull(sketches);
        HyperLogLog? union = null;
        foreach (var sketch in sketches)
        {
            ArgumentNullException.ThrowIfNull(sketch, nameof(sketches));
            if (union is null)
            {
                union = sketch.Clone();
            }
            else
            {
                union.Merge(sketch);
            }
        }
        return union ?? throw new ArgumentException("Union needs at least one sketch.", nameof(sketches));
    }

    /// <summary>The registers <paramref name="hashes"/> raise, as sparse entries sorted by register (an index may repeat).</summary>
    private uint[] SparseEntriesOf(ReadOnlySpan<long> hashes)
    {
        var entries = new uint[hashes.Length];
        int count = 0;
        foreach (long hash in hashes)
        {
            var (index, value) = RegisterOf(hash);
            if (value > 0)
            {
                entries[count++] = SparseEntry(index, value);
            }
        }
        Array.Sort(entries, 0, count);
        return entries[..count];
    }

    /// <summary>
    /// Raises this sparse sketch's registers to <paramref name="incoming"/> (sorted by register, an index
    /// may repeat): the registers and representation that raising them one by one gives.
    /// </summary>
    private void MergeSparseEntries(ReadOnlySpan<uint> incoming)
    {
        var merged = new uint[Math.Max(4, _count + incoming.Length)];
        int mine = 0;
        int theirs = 0;
        int count = 0;
        while (mine < _count || theirs < incoming.Length)
        {
            uint next = theirs == incoming.Length || (mine < _count && SparseIndex(_entries[mine]) <= SparseIndex(incoming[theirs]))
                ? _entries[mine++]
                : incoming[theirs++];
            if (count > 0 && SparseIndex(merged[count - 1]) == SparseIndex(next))
            {
                if (SparseValue(next) > SparseValue(merged[count - 1]))
                {
                    merged[count - 1] = next;
                }
            }
            else
            {
                merged[count++] = next;
            }
        }
        _entries = merged;
        _count = count;
        if (count > SparseCapacity)
        {
            Densify();
        }
    }

    private void MergeDenseRegisters(byte[] otherRegisters)
    {
        if (_kind == Representation.Sparse)
        {
            Densify();
        }
        // Register-wise maximum, a vector at a time: unions of many dense sketches (rolling MAU) are this loop.
        var mine = _registers.AsSpan();
        var theirs = otherRegisters.AsSpan();
        int index = 0;
        if (Vector.IsHardwareAccelerated)
        {
            for (; index <= theirs.Length - Vector<byte>.Count; index += Vector<byte>.Count)
            {
                Vector.Max(new Vector<byte>(mine[index..]), new Vector<byte>(theirs[index..])).CopyTo(mine[index..]);
            }
        }
        for (; index < theirs.Length; index++)
        {
            mine[index] = Math.Max(mine[index], theirs[index]);
        }
    }
}
