using System.Buffers.Binary;

namespace Tally.Core.Sketches;

/// <summary>
/// Reads the fields written by <see cref="SpanFieldWriter"/>; input that ends early is a
/// <see cref="FormatException"/> naming the sketch, never an out-of-range exception.
/// </summary>
internal ref struct SpanFieldReader(ReadOnlySpan<byte> source, string sketchName)
{
    private readonly ReadOnlySpan<byte> _source = source;
    private int _position;

    public readonly string SketchName { get; } = sketchName;

    public readonly int Remaining => _source.Length - _position;

    public byte Byte() => Take(sizeof(byte))[0];

    public int Int32() => BinaryPrimitives.ReadInt32LittleEndian(Take(sizeof(int)));

    public long Int64() => BinaryPrimitives.ReadInt64LittleEndian(Take(sizeof(long)));

    public double Double() => BinaryPrimitives.ReadDoubleLittleEndian(Take(sizeof(double)));

    public void Words(Span<ulong> destination)
    {
        ReadOnlySpan<byte> bytes = Take(checked(destination.Length * sizeof(ulong)));
        for (int i = 0; i < destination.Length; i++)
        {
            destination[i] = BinaryPrimitives.ReadUInt64LittleEndian(bytes[(i * sizeof(ulong))..]);
        }
    }

    public ReadOnlySpan<byte> Bytes(int length) => Take(length);

    /// <summary>Checks the kind and version bytes every sketch format starts with.</summary>
    public void Header(byte kind, byte version) => Header(kind, version, version);

    /// <summary>Checks the kind byte and that the version is one of <paramref name="oldest"/> to <paramref name="newest"/>; returns the version.</summary>
    public byte Header(byte kind, byte oldest, byte newest)
    {
        byte actualKind = Byte();
        if (actualKind != kind)
        {
            throw Corrupt($"starts with kind byte 0x{actualKind:x2}, expected 0x{kind:x2}");
        }
        byte actualVersion = Byte();
        if (actualVersion < oldest || actualVersion > newest)
        {
            throw Corrupt($"has unknown format version {actualVersion}");
        }
        return actualVersion;
    }

    public readonly void EnsureEnd()
    {
        if (Remaining != 0)
        {
            throw Corrupt($"has {Remaining} trailing bytes");
        }
    }

    public readonly FormatException Corrupt(string what) => new($"Serialised {SketchName} {what}.");

    private ReadOnlySpan<byte> Take(int length)
    {
        if (length < 0 || length > Remaining)
        {
            throw Corrupt($"ends early: needs {length} more bytes at offset {_position}, has {Remaining}");
        }
        ReadOnlySpan<byte> slice = _source.Slice(_position, length);
        _position += length;
        return slice;
    }
}
