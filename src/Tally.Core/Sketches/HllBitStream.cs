namespace Tally.Core.Sketches;

/// <summary>
/// Writes fixed-width values as one big-endian bit stream, most significant bit first, the last
/// byte zero-padded: the packing of the storage format's SPARSE and FULL bodies.
/// </summary>
internal ref struct HllBitWriter(Span<byte> destination)
{
    private readonly Span<byte> _destination = destination;
    private int _position;
    private ulong _pending;
    private int _pendingBits;

    /// <summary>Appends the low <paramref name="width"/> bits (at most 32) of <paramref name="value"/>.</summary>
    public void Write(uint value, int width)
    {
        _pending = (_pending << width) | value;
        _pendingBits += width;
        while (_pendingBits >= 8)
        {
            _pendingBits -= 8;
            _destination[_position++] = (byte)(_pending >> _pendingBits);
        }
    }

    public readonly void Flush()
    {
        if (_pendingBits > 0)
        {
            _destination[_position] = (byte)(_pending << (8 - _pendingBits));
        }
    }
}

/// <summary>Reads what <see cref="HllBitWriter"/> wrote.</summary>
internal ref struct HllBitReader(ReadOnlySpan<byte> source)
{
    private readonly ReadOnlySpan<byte> _source = source;
    private int _position;
    private ulong _pending;
    private int _pendingBits;

    public uint Read(int width)
    {
        while (_pendingBits < width)
        {
            _pending = (_pending << 8) | _source[_position++];
            _pendingBits += 8;
        }
        _pendingBits -= width;
        return (uint)(_pending >> _pendingBits) & (uint)((1UL << width) - 1);
    }
}
