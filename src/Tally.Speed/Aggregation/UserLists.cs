namespace Tally.Speed.Aggregation;

/// <summary>
/// The short lists of distinct user hashes that distinct cells keep before a HyperLogLog takes over
/// (<see cref="CellAccumulator"/>), as regions of fixed-size chunks owned by <see cref="ViewDeltas"/>
/// and emptied with it. Reused from one commit interval to the next, the chunks spare the collector
/// tens of thousands of small arrays per interval, each of which would live until the commit and so
/// survive the young collections on the way.
/// <para>
/// A region never spans two chunks. One that fills grows in place when it is the last one, else it
/// is copied into one twice its size at the end and the old one is left unused until the next
/// commit. Chunks beyond twice what an interval used are dropped at its end, so one burst does not
/// hold its memory for good.
/// </para>
/// </summary>
internal sealed class UserLists
{
    // 64 KiB: below the large object heap's threshold, and room for 64 of the largest regions.
    private const int ChunkShift = 13;
    private const int ChunkLength = 1 << ChunkShift;
    private const int ChunkMask = ChunkLength - 1;

    private readonly List<long[]> _chunks = [];

    // The next free place: chunk _chunk (not yet allocated when it is _chunks.Count), index _at.
    private int _chunk;
    private int _at;

    /// <summary>The largest region a caller may ask for.</summary>
    public const int MaxRegionLength = 1024;

    /// <summary>Chunks held, in use or kept for the next interval.</summary>
    public int ChunkCount => _chunks.Count;

    /// <summary>The hashes of a region, read and written in place.</summary>
    public Span<long> Region(int offset, int length) => _chunks[offset >> ChunkShift].AsSpan(offset & ChunkMask, length);

    /// <summary>The offset of a new region of <paramref name="length"/> hashes (at most <see cref="MaxRegionLength"/>).</summary>
    public int Allocate(int length)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThan(length, MaxRegionLength);
        if (_at + length > ChunkLength)
        {
            // The rest of this chunk stays unused until the next interval.
            _chunk++;
            _at = 0;
        }
        if (_chunk == _chunks.Count)
        {
            _chunks.Add(new long[ChunkLength]);
        }
        int offset = (_chunk << ChunkShift) | _at;
        _at += length;
        return offset;
    }

    /// <summary>The offset of the region of <paramref name="length"/> hashes at <paramref name="offset"/>, doubled, its hashes kept.</summary>
    public int Grow(int offset, int length)
    {
        bool isLast = offset == ((_chunk << ChunkShift) | (_at - length));
        if (isLast && _at + length <= ChunkLength)
        {
            _at += length;
            return offset;
        }
        int grown = Allocate(2 * length);
        Region(offset, length).CopyTo(Region(grown, length));
        return grown;
    }

    public void Clear()
    {
        int keep = 2 * (_chunk + 1);
        if (_chunks.Count > keep)
        {
            _chunks.RemoveRange(keep, _chunks.Count - keep);
        }
        _chunk = 0;
        _at = 0;
    }
}
