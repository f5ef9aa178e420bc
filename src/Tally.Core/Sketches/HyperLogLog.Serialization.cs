using System.Buffers.Binary;

namespace Tally.Core.Sketches;

public sealed partial class HyperLogLog
{
    private const int SchemaVersion = 1;
    private const int HeaderSize = 3;

    /// <summary>The exact length of <see cref="ToBytes"/>' result.</summary>
    public int SizeInBytes => _kind switch
    {
        Representation.Empty => HeaderSize,
        Representation.Explicit => HeaderSize + _count * sizeof(long),
        _ => HeaderSize + RegisterBodySize(FilledRegisterCount()),
    };

    /// <summary>
    /// The sketch in the Aggregate Knowledge storage format, schema version 1, byte for byte what
    /// postgresql-hll writes for the same contents (load it with <c>@bytes::hll</c>).
    /// </summary>
    public byte[] ToBytes()
    {
        var bytes = new byte[SizeInBytes];
        var storage = StorageType;
        bytes[0] = (byte)((SchemaVersion << 4) | (int)storage);
        bytes[1] = Parameters.ParameterByte;
        bytes[2] = Parameters.CutoffByte;
        var body = bytes.AsSpan(HeaderSize);
        switch (storage)
        {
            case HllStorageType.Explicit:
                for (int i = 0; i < _count; i++)
                {
                    BinaryPrimitives.WriteInt64BigEndian(body[(i * sizeof(long))..], _hashes[i]);
                }
                break;
            case HllStorageType.Sparse:
                WriteSparse(body);
                break;
            case HllStorageType.Full:
                WriteFull(body);
                break;
        }
        return bytes;
    }

    /// <summary>Reads any of the four representations written by postgresql-hll or <see cref="ToBytes"/>.</summary>
    /// <exception cref="FormatException">The bytes are not a valid schema-version-1 sketch Tally supports.</exception>
    public static HyperLogLog FromBytes(ReadOnlySpan<byte> bytes)
    {
        if (bytes.Length < HeaderSize)
        {
            throw new FormatException($"An HLL needs a {HeaderSize}-byte header; got {bytes.Length} bytes.");
        }
        int version = bytes[0] >> 4;
        if (version != SchemaVersion)
        {
            throw new FormatException($"Unknown HLL schema version {version}; only {SchemaVersion} is supported.");
        }
        var sketch = new HyperLogLog(HllParameters.Decode(bytes[1], bytes[2]));
        var body = bytes[HeaderSize..];
        switch ((HllStorageType)(bytes[0] & 0xf))
        {
            case HllStorageType.Empty:
                if (!body.IsEmpty)
                {
                    throw new FormatException($"An EMPTY HLL has {body.Length} bytes after its header.");
                }
                break;
            case HllStorageType.Explicit:
                sketch.ReadExplicit(body);
                break;
            case HllStorageType.Sparse:
                sketch.LoadRegisters(sketch.ReadSparse(body));
                break;
            case HllStorageType.Full:
                sketch.LoadRegisters(sketch.ReadFull(body));
                break;
            default:
                // Type 0 is postgresql-hll's UNDEFINED (the union with an undefined value): no count exists.
                throw new FormatException($"Unsupported HLL type {bytes[0] & 0xf}.");
        }
        return sketch;
    }

    private int RegisterBodySize(int filled)
    {
        long bits = UsesSparseStorage(filled)
            ? (long)filled * (Parameters.Log2M + Parameters.RegisterWidth)
            : (long)Parameters.RegisterCount * Parameters.RegisterWidth;
        return (int)((bits + 7) / 8);
    }

    private void WriteSparse(Span<byte> body)
    {
        var writer = new HllBitWriter(body);
        int width = Parameters.Log2M + Parameters.RegisterWidth;
        if (_kind == Representation.Sparse)
        {
            foreach (uint entry in _entries.AsSpan(0, _count))
            {
                writer.Write(((uint)SparseIndex(entry) << Parameters.RegisterWidth) | SparseValue(entry), width);
            }
        }
        else
        {
            for (int index = 0; index < _registers.Length; index++)
            {
                if (_registers[index] != 0)
                {
                    writer.Write(((uint)index << Parameters.RegisterWidth) | _registers[index], width);
                }
            }
        }
        writer.Flush();
    }

    private void WriteFull(Span<byte> body)
    {
        var registers = new byte[Parameters.RegisterCount];
        CopyRegistersTo(registers);
        var writer = new HllBitWriter(body);
        foreach (byte value in registers)
        {
            writer.Write(value, Parameters.RegisterWidth);
        }
        writer.Flush();
    }

    private void ReadExplicit(ReadOnlySpan<byte> body)
    {
        if (body.Length % sizeof(long) != 0)
        {
            throw new FormatException($"An EXPLICIT HLL body of {body.Length} bytes is not a whole number of 8-byte hashes.");
        }
        int count = body.Length / sizeof(long);
        if (count > Parameters.ExplicitLimit)
        {
            throw new FormatException($"An EXPLICIT HLL holds {count} hashes, above its threshold of {Parameters.ExplicitLimit}.");
        }
        var hashes = new long[count];
        for (int i = 0; i < count; i++)
        {
            hashes[i] = BinaryPrimitives.ReadInt64BigEndian(body[(i * sizeof(long))..]);
            if (i > 0 && hashes[i] <= hashes[i - 1])
            {
                throw new FormatException("EXPLICIT HLL hashes must be strictly ascending (as signed integers).");
            }
        }
        // An explicit set without hashes is the empty set (postgresql-hll never writes one).
        if (count > 0)
        {
            _kind = Representation.Explicit;
            _hashes = hashes;
            _count = count;
        }
    }

    private byte[] ReadSparse(ReadOnlySpan<byte> body)
    {
        int width = Parameters.Log2M + Parameters.RegisterWidth;
        int filled = body.Length * 8 / width;
        // The count is implicit, so only a padding shorter than a byte is unambiguous (hll.c sparse_unpack).
        if (body.Length * 8 - filled * width >= 8)
        {
            throw new FormatException($"A SPARSE HLL body of {body.Length} bytes has inconsistent padding.");
        }
        var registers = new byte[Parameters.RegisterCount];
        var reader = new HllBitReader(body);
        uint valueMask = (uint)Parameters.MaxRegisterValue;
        for (int i = 0; i < filled; i++)
        {
            uint pair = reader.Read(width);
            // Assigned, not raised: a repeated index keeps its last value, as postgresql-hll reads it.
            registers[pair >> Parameters.RegisterWidth] = (byte)(pair & valueMask);
        }
        return registers;
    }

    private byte[] ReadFull(ReadOnlySpan<byte> body)
    {
        int expected = (Parameters.RegisterCount * Parameters.RegisterWidth + 7) / 8;
        if (body.Length != expected)
        {
            throw new FormatException($"A FULL HLL with these parameters has {expected} body bytes; got {body.Length}.");
        }
        var registers = new byte[Parameters.RegisterCount];
        var reader = new HllBitReader(body);
        for (int i = 0; i < registers.Length; i++)
        {
            registers[i] = (byte)reader.Read(Parameters.RegisterWidth);
        }
        return registers;
    }
}
