namespace Tally.Archive.Parquet.Plain;

/// <summary>
/// The few operations of Thrift's compact protocol a Parquet page header needs: field headers,
/// zigzag integers, and skipping any value (statistics, unknown fields). Throws
/// <see cref="InvalidDataException"/> on malformed input.
/// </summary>
internal ref struct ThriftCompactReader(ReadOnlySpan<byte> input)
{
    public const byte Stop = 0;
    private const byte BoolTrue = 1;
    private const byte BoolFalse = 2;
    private const byte Byte = 3;
    private const byte I16 = 4;
    private const byte I32 = 5;
    private const byte I64 = 6;
    private const byte Double = 7;
    private const byte Binary = 8;
    private const byte List = 9;
    private const byte Set = 10;
    private const byte Map = 11;
    public const byte Struct = 12;

    private readonly ReadOnlySpan<byte> _input = input;
    private int _lastFieldId;

    public int Position { get; private set; }

    /// <summary>The next field of the current struct, or type <see cref="Stop"/> at its end.</summary>
    public (short Id, byte Type) ReadFieldHeader()
    {
        byte header = ReadByte();
        byte type = (byte)(header & 0x0F);
        if (type == Stop)
        {
            return (0, Stop);
        }
        int delta = header >> 4;
        _lastFieldId = delta == 0 ? (short)ZigZag(ReadVarint()) : _lastFieldId + delta;
        return ((short)_lastFieldId, type);
    }

    public int ReadI32() => checked((int)ZigZag(ReadVarint()));

    /// <summary>Enters a nested struct (its field ids count from zero); returns what <see cref="EndStruct"/> restores.</summary>
    public int BeginStruct()
    {
        int outer = _lastFieldId;
        _lastFieldId = 0;
        return outer;
    }

    /// <summary>Leaves a nested struct whose <see cref="Stop"/> was read.</summary>
    public void EndStruct(int outer) => _lastFieldId = outer;

    public void Skip(byte type)
    {
        switch (type)
        {
            case BoolTrue or BoolFalse:
                break;
            case Byte:
                ReadByte();
                break;
            case I16 or I32 or I64:
                ReadVarint();
                break;
            case Double:
                Advance(8);
                break;
            case Binary:
                Advance(checked((int)ReadVarint()));
                break;
            case List or Set:
                SkipList();
                break;
            case Map:
                SkipMap();
                break;
            case Struct:
                SkipStruct();
                break;
            default:
                throw new InvalidDataException($"Unknown Thrift compact type {type} in a Parquet page header.");
        }
    }

    private void SkipList()
    {
        byte header = ReadByte();
        int count = header >> 4;
        if (count == 15)
        {
            count = checked((int)ReadVarint());
        }
        byte elementType = (byte)(header & 0x0F);
        for (int i = 0; i < count; i++)
        {
            // A list's booleans are one byte each, unlike a field's.
            if (elementType is BoolTrue or BoolFalse)
            {
                ReadByte();
            }
            else
            {
                Skip(elementType);
            }
        }
    }

    private void SkipMap()
    {
        int count = checked((int)ReadVarint());
        if (count == 0)
        {
            return;
        }
        byte types = ReadByte();
        for (int i = 0; i < count; i++)
        {
            Skip((byte)(types >> 4));
            Skip((byte)(types & 0x0F));
        }
    }

    private void SkipStruct()
    {
        int outer = BeginStruct();
        for (var (_, type) = ReadFieldHeader(); type != Stop; (_, type) = ReadFieldHeader())
        {
            Skip(type);
        }
        EndStruct(outer);
    }

    private ulong ReadVarint()
    {
        ulong value = 0;
        for (int shift = 0; shift < 64; shift += 7)
        {
            byte b = ReadByte();
            value |= (ulong)(b & 0x7F) << shift;
            if (b < 0x80)
            {
                return value;
            }
        }
        throw new InvalidDataException("A Thrift varint in a Parquet page header is too long.");
    }

    private static long ZigZag(ulong value) => (long)(value >> 1) ^ -(long)(value & 1);

    private byte ReadByte()
    {
        if (Position >= _input.Length)
        {
            throw new InvalidDataException("A Parquet page header ends early.");
        }
        return _input[Position++];
    }

    private void Advance(int count)
    {
        if (count < 0 || count > _input.Length - Position)
        {
            throw new InvalidDataException("A Parquet page header ends early.");
        }
        Position += count;
    }
}
