using System.Text;

namespace Tally.Core.Sketches;

// Format, little-endian: kind 'K', version 2, capacity (4 bytes), total count (8 bytes), entry
// count (4 bytes), then each entry by rank, largest count first: key length in UTF-8 bytes (4 bytes),
// the key, count (8 bytes), max error (8 bytes). The ranks among equal counts are part of the state
// (see TopK.cs), so they are kept. Version 1, written while equal counts were ordered by key, has
// the same layout: its order is one such ranking and reads as it. Version 2 tells code that expects
// that order that these bytes do not keep it.
public sealed partial class TopK
{
    private const byte Kind = (byte)'K';
    private const byte KeyOrderedFormatVersion = 1;
    private const byte FormatVersion = 2;
    private const int HeaderSize = 2 + sizeof(int) + sizeof(long) + sizeof(int);
    private const int EntryFixedSize = sizeof(int) + 2 * sizeof(long);

    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    public byte[] ToBytes()
    {
        List<TopKEntry> entries = Entries().ToList();
        int size = HeaderSize + entries.Sum(entry => EntryFixedSize + StrictUtf8.GetByteCount(entry.Key));
        byte[] bytes = new byte[size];
        var writer = new SpanFieldWriter(bytes);
        writer.Byte(Kind);
        writer.Byte(FormatVersion);
        writer.Int32(Capacity);
        writer.Int64(TotalCount);
        writer.Int32(entries.Count);
        foreach (TopKEntry entry in entries)
        {
            writer.Int32(StrictUtf8.GetByteCount(entry.Key));
            writer.Bytes(StrictUtf8.GetBytes(entry.Key));
            writer.Int64(entry.Count);
            writer.Int64(entry.MaxError);
        }
        return bytes;
    }

    /// <param name="topSize">
    /// The restored summary's <see cref="TopSize"/> (capped at its capacity), all counters by default:
    /// not serialised, as it is the caller's setting and top membership follows from the counters.
    /// </param>
    /// <exception cref="FormatException">The bytes are not one whole, consistent serialised top-k summary.</exception>
    public static TopK FromBytes(ReadOnlySpan<byte> source, int? topSize = null)
    {
        var reader = new SpanFieldReader(source, "top-k summary");
        reader.Header(Kind, KeyOrderedFormatVersion, FormatVersion);
        int capacity = reader.Int32();
        if (capacity is < 1 or > MaxCapacity)
        {
            throw reader.Corrupt($"has capacity {capacity}, expected 1 to {MaxCapacity}");
        }
        long totalCount = reader.Int64();
        int entryCount = reader.Int32();
        if (entryCount < 0 || entryCount > capacity)
        {
            throw reader.Corrupt($"has {entryCount} entries for {capacity} counters");
        }
        var entries = new List<TopKEntry>(entryCount);
        var keys = new HashSet<string>(entryCount, StringComparer.Ordinal);
        long guaranteedSum = 0;
        for (int i = 0; i < entryCount; i++)
        {
            TopKEntry entry = ReadEntry(ref reader);
            if (i > 0 && entries[^1].Count < entry.Count)
            {
                throw reader.Corrupt($"has entry '{entry.Key}' counted more than the entry ranked above it");
            }
            if (!keys.Add(entry.Key))
            {
                throw reader.Corrupt($"has entry '{entry.Key}' twice");
            }
            entries.Add(entry);
            guaranteedSum += entry.GuaranteedCount;
        }
        reader.EnsureEnd();
        // Each counter's guaranteed part was counted once in the total; more means a corrupt total.
        if (totalCount < guaranteedSum)
        {
            throw reader.Corrupt($"has total count {totalCount}, less than its entries' guaranteed {guaranteedSum}");
        }
        var topK = new TopK(capacity, Math.Min(topSize ?? capacity, capacity));
        topK.Load(entries, totalCount);
        return topK;
    }

    private static TopKEntry ReadEntry(ref SpanFieldReader reader)
    {
        int keyLength = reader.Int32();
        string key;
        try
        {
            key = StrictUtf8.GetString(reader.Bytes(keyLength));
        }
        catch (DecoderFallbackException invalid)
        {
            throw new FormatException("Serialised top-k summary has a key that is not valid UTF-8.", invalid);
        }
        long count = reader.Int64();
        long error = reader.Int64();
        // Every counter starts at its error plus at least one occurrence.
        if (count < 1 || error < 0 || error >= count)
        {
            throw reader.Corrupt($"has entry '{key}' with count {count} and error {error}");
        }
        return new TopKEntry(key, count, error);
    }
}
