namespace Tally.Speed.Aggregation;

/// <summary>
/// The short lists of distinct user hashes that distinct cells keep before a HyperLogLog takes over
/// (<see cref="CellAccumulator"/>), as regions of one buffer owned by <see cref="ViewDeltas"/> and
/// emptied with it. A region that fills is copied into one twice its size further on and the old one
/// is left unused until the next commit. Reused from one commit interval to the next, the buffer
/// spares the collector tens of thousands of small arrays per interval, each of which would live
/// until the commit and so survive the young collections on the way.
/// </summary>
internal sealed class UserLists
{
    private long[] _buffer = new long[4096];
    private int _used;

    /// <summary>The hashes of a region, read and written in place; valid until the next <see cref="Allocate"/>.</summary>
    public Span<long> Region(int offset, int length) => _buffer.AsSpan(offset, length);

    /// <summary>The offset of a new region of <paramref name="length"/> hashes.</summary>
    public int Allocate(int length)
    {
        if (_buffer.Length - _used < length)
        {
            if (_buffer.Length > Array.MaxLength / 2)
            {
                throw new InvalidOperationException("The distinct-user lists of one commit interval outgrew their buffer; commit more often.");
            }
            Array.Resize(ref _buffer, 2 * _buffer.Length);
        }
        int offset = _used;
        _used += length;
        return offset;
    }

    public void Clear() => _used = 0;
}
