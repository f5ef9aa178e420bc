using System.Buffers.Binary;

namespace Tally.Core.Sketches;

/// <summary>Writes the little-endian fields of a sketch's serialised form into a span sized up front.</summary>
internal ref struct SpanFieldWriter(Span<byte> destination)
{
    private readonly Span<byte> _destination = destination;
    private int _position;

    public readonly int Position => _position;

    public void Byte(byte value) => _destination[_position++] = value;

    public void Int32(int value)
    {
        BinaryPrimitives.WriteInt32LittleEndian(_destination[_position..], value);
        _position += sizeof(int);
    }

    public void Int64(long value)
    {
        BinaryPrimitives.WriteInt64LittleEndian(_destination[_position..], value);
        _position += sizeof(long);
    }

    public void Double(double value)
    {
        BinaryPrimitives.WriteDoubleLittleEndian(_destination[_position..], value);
        _position += sizeof(double);
    }

    public void Words(ReadOnlySpan<ulong> words)
    {
        foreach (ulong word in words)
        {
            BinaryPrimitives.WriteUInt64LittleEndian(_destination[_position..], word);
            _position += sizeof(ulong);
        }
    }

    public void Bytes(ReadOnlySpan<byte> bytes)
    {
        bytes.CopyTo(_destination[_position..]);
        _position += bytes.Length;
    }
}
