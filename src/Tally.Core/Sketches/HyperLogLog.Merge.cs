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
