namespace Tally.Core.Sketches;

// Format, little-endian: kind 'R', version 1, window and slice length (ticks, 8 bytes each),
// expected items per slice (8 bytes), false-positive rate (IEEE double), current slice index
// (8 bytes, −1 before the first add), then the generations from the oldest live slice to the
// current one, each a serialised ScalableBloomFilter.
public sealed partial class RotatingBloomFilter
{
    private const byte Kind = (byte)'R';
    private const byte FormatVersion = 1;
    private const int HeaderSize = 2 + 4 * sizeof(long) + sizeof(double);

    public int SerializedSize => HeaderSize + _generations.Sum(generation => generation.SerializedSize);

    public byte[] ToBytes()
    {
        byte[] bytes = new byte[SerializedSize];
        var writer = new SpanFieldWriter(bytes);
        writer.Byte(Kind);
        writer.Byte(FormatVersion);
        writer.Int64(Options.Window.Ticks);
        writer.Int64(Options.SliceLength.Ticks);
        writer.Int64(Options.ExpectedItemsPerSlice);
        writer.Double(Options.FalsePositiveRate);
        writer.Int64(_currentSlice);
        for (int age = GenerationCount - 1; age >= 0; age--)
        {
            _generations[SlotOfAge(age)].Write(ref writer);
        }
        return bytes;
    }

    /// <exception cref="FormatException">The bytes are not one whole serialised rotating Bloom filter.</exception>
    public static RotatingBloomFilter FromBytes(ReadOnlySpan<byte> source)
    {
        var reader = new SpanFieldReader(source, "rotating Bloom filter");
        reader.Header(Kind, FormatVersion);
        var options = new RotatingBloomFilterOptions
        {
            Window = TimeSpan.FromTicks(reader.Int64()),
            SliceLength = TimeSpan.FromTicks(reader.Int64()),
            ExpectedItemsPerSlice = reader.Int64(),
            FalsePositiveRate = reader.Double(),
        };
        RotatingBloomFilter filter;
        try
        {
            filter = new RotatingBloomFilter(options);
        }
        catch (ArgumentOutOfRangeException invalid)
        {
            throw new FormatException($"Serialised rotating Bloom filter has invalid options: {invalid.Message}", invalid);
        }
        filter._currentSlice = reader.Int64();
        if (filter._currentSlice < NotStarted)
        {
            throw reader.Corrupt($"has current slice {filter._currentSlice}");
        }
        ScalableBloomFilter design = NewGeneration(options);
        for (int age = filter.GenerationCount - 1; age >= 0; age--)
        {
            ScalableBloomFilter generation = ScalableBloomFilter.Read(ref reader);
            if (generation.InitialCapacity != design.InitialCapacity || generation.FalsePositiveRate != design.FalsePositiveRate)
            {
                throw reader.Corrupt($"has a generation sized for {generation.InitialCapacity} items at {generation.FalsePositiveRate}, expected {design.InitialCapacity} at {design.FalsePositiveRate}");
            }
            if (filter._currentSlice == NotStarted && generation.StageCount > 0)
            {
                throw reader.Corrupt("holds items but has never started a slice");
            }
            filter._generations[filter.SlotOfAge(age)] = generation;
        }
        reader.EnsureEnd();
        return filter;
    }

    // Before the first add every slot is empty, so any order will do.
    private int SlotOfAge(int age) => _currentSlice == NotStarted ? age : Slot(_currentSlice - age);
}
