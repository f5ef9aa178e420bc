using System.Buffers;

namespace Tally.Collector.Http;

/// <summary>A growable byte buffer rented from <see cref="ArrayPool{T}.Shared"/>; dispose to return it.</summary>
internal sealed class PooledBuffer : IDisposable
{
    // Smallest useful step: an empty request body rents a zero-length array.
    private const int MinimumGrowth = 4096;

    private byte[] _array;

    public PooledBuffer(int initialCapacity) => _array = ArrayPool<byte>.Shared.Rent(initialCapacity);

    public int Length { get; private set; }

    public ReadOnlyMemory<byte> Memory => _array.AsMemory(0, Length);

    public ArraySegment<byte> Segment => new(_array, 0, Length);

    /// <summary>
    /// Where to read next, growing the buffer as needed but never past <paramref name="limit"/>
    /// bytes in total. Empty once the buffer holds exactly <paramref name="limit"/> bytes.
    /// </summary>
    public Memory<byte> NextWindow(int limit)
    {
        if (Length == Math.Min(_array.Length, limit) && Length < limit)
        {
            Grow(limit);
        }
        return _array.AsMemory(Length, Math.Min(_array.Length, limit) - Length);
    }

    public void Advance(int count) => Length += count;

    /// <summary>Doubles the capacity, but asks for no more than <paramref name="maxCapacity"/>.</summary>
    private void Grow(int maxCapacity)
    {
        int target = (int)Math.Min(Math.Max((long)_array.Length * 2, MinimumGrowth), maxCapacity);
        var bigger = ArrayPool<byte>.Shared.Rent(target);
        _array.AsSpan(0, Length).CopyTo(bigger);
        ReturnArray();
        _array = bigger;
    }

    public void Dispose()
    {
        ReturnArray();
        _array = [];
        Length = 0;
    }

    /// <summary>The empty array (a zero-length rental, or after dispose) was never the pool's to keep.</summary>
    private void ReturnArray()
    {
        if (_array.Length > 0)
        {
            ArrayPool<byte>.Shared.Return(_array);
        }
    }
}
