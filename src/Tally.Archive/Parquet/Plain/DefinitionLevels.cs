namespace Tally.Archive.Parquet.Plain;

/// <summary>
/// Reads definition levels of bit width 1 (a flat optional column: 1 = a value, 0 = null) from
/// Parquet's RLE/bit-packing hybrid encoding: runs of one repeated level, or groups of 8 levels
/// packed one bit each, least significant bit first.
/// </summary>
internal ref struct DefinitionLevels(ReadOnlySpan<byte> encoded)
{
    private readonly ReadOnlySpan<byte> _encoded = encoded;
    private int _position;
    private int _left;
    private bool _repeated;
    private int _repeatedLevel;
    private int _packedBit;

    public int Next()
    {
        if (_left == 0)
        {
            ReadRunHeader();
        }
        _left--;
        if (_repeated)
        {
            return _repeatedLevel;
        }
        int bit = _packedBit++;
        return (_encoded[_position + (bit >> 3)] >> (bit & 7)) & 1;
    }

    private void ReadRunHeader()
    {
        if (!_repeated)
        {
            // Skip the bit-packed run just finished (a whole number of bytes, 8 levels each).
            _position += (_packedBit + 7) >> 3;
        }
        int header = ReadVarint();
        if ((header & 1) == 0)
        {
            _repeated = true;
            _left = header >> 1;
            _repeatedLevel = Byte();
            _position++;
        }
        else
        {
            _repeated = false;
            _left = (header >> 1) * 8;
            _packedBit = 0;
            if (_position + (header >> 1) > _encoded.Length)
            {
                throw new InvalidDataException("A Parquet page's definition levels end early.");
            }
        }
        if (_left == 0)
        {
            throw new InvalidDataException("A Parquet page's definition levels hold an empty run.");
        }
    }

    private int ReadVarint()
    {
        int value = 0;
        for (int shift = 0; shift < 32; shift += 7)
        {
            int b = Byte();
            _position++;
            value |= (b & 0x7F) << shift;
            if (b < 0x80)
            {
                return value;
            }
        }
        throw new InvalidDataException("A Parquet page's definition level run header is too long.");
    }

    private readonly int Byte() =>
        _position < _encoded.Length ? _encoded[_position] : throw new InvalidDataException("A Parquet page's definition levels end early.");
}
