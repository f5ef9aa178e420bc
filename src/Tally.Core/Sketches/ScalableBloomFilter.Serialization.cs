namespace Tally.Core.Sketches;

// Format, little-endian: kind 'S', version 1, initial capacity (8 bytes), false-positive rate
// (IEEE double), stage count (1 byte), then each stage as a serialised BloomFilter.
public sealed partial class ScalableBloomFilter
{
    private const byte Kind = (byte)'S';
    private const byte FormatVersion = 1;
    private const int HeaderSize = 2 + sizeof(long) + sizeof(double) + 1;

    public int SerializedSize => HeaderSize + _stages.Sum(stage => stage.Filter.SerializedSize);

    public byte[] ToBytes()
    {
        byte[] bytes = new byte[SerializedSize];
        var writer = new SpanFieldWriter(bytes);
        Write(ref writer);
        return bytes;
    }

    /// <exception cref="FormatException">The bytes are not one whole serialised scalable Bloom filter.</exception>
    public static ScalableBloomFilter FromBytes(ReadOnlySpan<byte> source)
    {
        var reader = new SpanFieldReader(source, "scalable Bloom filter");
        ScalableBloomFilter filter = Read(ref reader);
        reader.EnsureEnd();
        return filter;
    }

    internal void Write(ref SpanFieldWriter writer)
    {
        writer.Byte(Kind);
        writer.Byte(FormatVersion);
        writer.Int64(InitialCapacity);
        writer.Double(FalsePositiveRate);
        writer.Byte((byte)_stages.Count);
        foreach (Stage stage in _stages)
        {
            stage.Filter.Write(ref writer);
        }
    }

    internal static ScalableBloomFilter Read(ref SpanFieldReader reader)
    {
        reader.Header(Kind, FormatVersion);
        long initialCapacity = reader.Int64();
        double rate = reader.Double();
        if (initialCapacity < 1 || !(rate is > 0 and < 1))
        {
            throw reader.Corrupt($"has initial capacity {initialCapacity} and false-positive rate {rate}");
        }
        var filter = new ScalableBloomFilter(initialCapacity, rate);
        int stageCount = reader.Byte();
        for (int i = 0; i < stageCount; i++)
        {
            BloomFilter stage = BloomFilter.Read(ref reader);
            // The saturation point is derived from the design, so a stage must have the design's shape in
            // its layout. Stages saved before blocked filters existed are classic and stay so; new stages are blocked.
            if (!filter.TryDesignStage(i, out long capacity, out double stageRate)
                || !BloomFilter.TryShape(capacity, stageRate, stage.Layout, out long bitCount, out int hashCount)
                || (bitCount, hashCount) != (stage.BitCount, stage.HashCount))
            {
                throw reader.Corrupt($"has a {stage.Layout} stage {i} of {stage.BitCount} bits and {stage.HashCount} hashes that does not match its design");
            }
            filter._stages.Add(Stage.For(stage, stageRate));
        }
        return filter;
    }
}
