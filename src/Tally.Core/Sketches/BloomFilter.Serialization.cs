namespace Tally.Core.Sketches;

// Format, little-endian: kind 'B', version (the BloomLayout: 1 classic, 2 blocked), hash count
// (1 byte), bit count (8 bytes), then the bit array as 64-bit words. Bit i lives in word i / 64 at
// position i % 64; a blocked filter's block j is bits 512·j to 512·j + 511.
public sealed partial class BloomFilter
{
    private const byte Kind = (byte)'B';
    private const int HeaderSize = 2 + 1 + sizeof(long);

    public int SerializedSize => HeaderSize + _words.Length * sizeof(ulong);

    public byte[] ToBytes()
    {
        byte[] bytes = new byte[SerializedSize];
        WriteTo(bytes);
        return bytes;
    }

    /// <summary>Writes the filter into the first <see cref="SerializedSize"/> bytes of <paramref name="destination"/>.</summary>
    public void WriteTo(Span<byte> destination)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(destination.Length, SerializedSize, nameof(destination));
        var writer = new SpanFieldWriter(destination);
        Write(ref writer);
    }

    /// <exception cref="FormatException">The bytes are not one whole serialised Bloom filter.</exception>
    public static BloomFilter FromBytes(ReadOnlySpan<byte> source)
    {
        var reader = new SpanFieldReader(source, "Bloom filter");
        BloomFilter filter = Read(ref reader);
        reader.EnsureEnd();
        return filter;
    }

    internal void Write(ref SpanFieldWriter writer)
    {
        writer.Byte(Kind);
        writer.Byte((byte)Layout);
        writer.Byte((byte)HashCount);
        writer.Int64(BitCount);
        writer.Words(_words);
    }

    internal static BloomFilter Read(ref SpanFieldReader reader)
    {
        var layout = (BloomLayout)reader.Header(Kind, (byte)BloomLayout.Classic, (byte)BloomLayout.Blocked);
        int hashCount = reader.Byte();
        if (hashCount is < 1 or > MaxHashCount)
        {
            throw reader.Corrupt($"has {hashCount} hash functions, expected 1 to {MaxHashCount}");
        }
        long bitCount = reader.Int64();
        long unit = BitCountUnit(layout);
        if (bitCount < unit || bitCount > MaxBitCount || bitCount % unit != 0)
        {
            throw reader.Corrupt($"has {bitCount} bits, expected a multiple of {unit} from {unit} to {MaxBitCount}");
        }
        long wordCount = bitCount / BitsPerWord;
        // Check before allocating, so a corrupt header cannot ask for gigabytes.
        if (wordCount * sizeof(ulong) > reader.Remaining)
        {
            throw reader.Corrupt($"ends early: {bitCount} bits need {wordCount * sizeof(ulong)} bytes, {reader.Remaining} remain");
        }
        var words = new ulong[wordCount];
        reader.Words(words);
        return new BloomFilter(words, hashCount, layout) { _setBitCount = CountSetBits(words) };
    }
}
