using System.Buffers;

namespace Tally.Collector.Http;

/// <summary>A growable byte buffer rented from <see cref="ArrayPool{T}.Shared"/>; dispose to return it.</summary>
internal sealed class PooledBuffer : IDisposable
{
    private byte[] _array;

    public PooledBuffer(int initialCapacity) => _array = ArrayPool<byte>.Shared.Rent(initialCapacity);

    public int Length { get; private set; }

    public int Capacity => _array.Length;

    public ReadOnlyMemory<byte> Memory => _array.AsMemory(0, Length);

    public ArraySegment<byte> Segment => new(_array, 0, Length);

    /// <summary>The unused tail of the buffer, to read into.</summary>
    public Memory<byte> Free => _array.AsMemory(Length);

    public void Advance(int count) => Length += count;

    /// <summary>Grows to at least double the capacity, but never past <paramref name="maxCapacity"/>.</summary>
    public void Grow(int maxCapacity)
    {
        int target = (int)Math.Min((long)_array.Length * 2, maxCapacity);
        var bigger = ArrayPool<byte>.Shared.Rent(target);
        _array.AsSpan(0, Length).CopyTo(bigger);
        ArrayPool<byte>.Shared.Return(_array);
        _array = bigger;
    }

    public void Dispose()
    {
        ArrayPool<byte>.Shared.Return(_array);
        _array = [];
        Length = 0;
    }
}
