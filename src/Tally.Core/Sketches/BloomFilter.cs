using System.Numerics;

namespace Tally.Core.Sketches;

/// <summary>
/// A Bloom filter: no false negatives, false positives at about the rate it was sized for while it
/// holds at most the expected number of items. Bit positions come from one 128-bit hash by double
/// hashing (see <see cref="BloomHash"/>), spread over the whole bit array or over one block of it
/// (<see cref="BloomLayout"/>), each mapped onto its range by a multiply-shift instead of a modulo.
/// Not thread-safe: the speed layer keeps one per partition.
/// </summary>
public sealed partial class BloomFilter
{
    public const double DefaultFalsePositiveRate = 0.001;

    /// <summary>2<sup>34</sup> bits = 2 GiB, so the serialised filter still fits in one byte array.</summary>
    public const long MaxBitCount = 1L << 34;

    /// <summary>A rate of 10<sup>-19</sup> needs 63 hashes; more only means a corrupt or absurd shape.</summary>
    public const int MaxHashCount = 64;

    private const int BitsPerWord = 64;

    private readonly ulong[] _words;
    private long _setBitCount;

    private BloomFilter(ulong[] words, int hashCount, BloomLayout layout)
    {
        _words = words;
        HashCount = hashCount;
        Layout = layout;
    }

    /// <summary>Sizes a filter for <paramref name="expectedItems"/> at <paramref name="falsePositiveRate"/>, see <see cref="Shape"/>.</summary>
    public static BloomFilter Create(long expectedItems, double falsePositiveRate = DefaultFalsePositiveRate, BloomLayout layout = BloomLayout.Blocked)
    {
        var (bitCount, hashCount) = Shape(expectedItems, falsePositiveRate, layout);
        return CreateWithShape(bitCount, hashCount, layout);
    }

    /// <summary>A filter with an explicit shape, e.g. to union with filters made elsewhere.</summary>
    public static BloomFilter CreateWithShape(long bitCount, int hashCount, BloomLayout layout = BloomLayout.Blocked)
    {
        long unit = BitCountUnit(layout);
        ArgumentOutOfRangeException.ThrowIfLessThan(bitCount, unit);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(bitCount, MaxBitCount);
        if (bitCount % unit != 0)
        {
            throw new ArgumentOutOfRangeException(nameof(bitCount), bitCount, $"The bit count of a {layout} filter must be a multiple of {unit}.");
        }
        ArgumentOutOfRangeException.ThrowIfLessThan(hashCount, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(hashCount, MaxHashCount);
        return new BloomFilter(new ulong[bitCount / BitsPerWord], hashCount, layout);
    }

    /// <summary>
    /// The (bit count, hash count) that <see cref="Create"/> uses. Classic: the textbook
    /// m = −n·ln p / ln²2 bits, rounded up to whole 64-bit words, and k = round(m/n · ln 2). Blocked:
    /// the fewest bits, in whole blocks and steps of 1 % up from the classic size, for which some k
    /// meets the rate by the blocked filter's model (8 % more bits at 0.1 %, 15 % at 0.01 %).
    /// </summary>
    public static (long BitCount, int HashCount) Shape(long expectedItems, double falsePositiveRate, BloomLayout layout = BloomLayout.Blocked)
    {
        if (!TryShape(expectedItems, falsePositiveRate, layout, out long bitCount, out int hashCount))
        {
            throw new ArgumentOutOfRangeException(nameof(expectedItems), expectedItems, $"{expectedItems} items at a false-positive rate of {falsePositiveRate} need more than {MaxBitCount} bits.");
        }
        return (bitCount, hashCount);
    }

    /// <summary>As <see cref="Shape"/>; false when the filter would need more than <see cref="MaxBitCount"/> bits.</summary>
    public static bool TryShape(long expectedItems, double falsePositiveRate, BloomLayout layout, out long bitCount, out int hashCount)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(expectedItems, 1);
        long unit = BitCountUnit(layout);
        if (!(falsePositiveRate is > 0 and < 1))
        {
            throw new ArgumentOutOfRangeException(nameof(falsePositiveRate), falsePositiveRate, "The false-positive rate must be between 0 and 1, exclusive.");
        }
        double bits = Math.Ceiling(-expectedItems * Math.Log(falsePositiveRate) / (Math.Log(2) * Math.Log(2)));
        (bitCount, hashCount) = (0, 0);
        if (bits > MaxBitCount)
        {
            return false;
        }
        if (layout == BloomLayout.Blocked)
        {
            return TryBlockedShape(expectedItems, falsePositiveRate, bits, out bitCount, out hashCount);
        }
        bitCount = Math.Max(unit, ((long)bits + unit - 1) / unit * unit);
        hashCount = OptimalHashCount(bitCount, expectedItems);
        return true;
    }

    private static int OptimalHashCount(long bitCount, long items) =>
        (int)Math.Clamp(Math.Round((double)bitCount / items * Math.Log(2)), 1, MaxHashCount);

    // The bit count of a layout is a whole number of these.
    private static long BitCountUnit(BloomLayout layout) => layout switch
    {
        BloomLayout.Classic => BitsPerWord,
        BloomLayout.Blocked => BlockBits,
        _ => throw new ArgumentOutOfRangeException(nameof(layout), layout, "Unknown Bloom filter layout."),
    };

    public long BitCount => (long)_words.Length * BitsPerWord;

    public int HashCount { get; }

    public BloomLayout Layout { get; }

    /// <summary>Bits set to one; kept up to date by every add, so the ratios below cost nothing.</summary>
    public long SetBitCount => _setBitCount;

    public double FillRatio => (double)_setBitCount / BitCount;

    /// <summary>
    /// The false-positive rate implied by the current fill: classic (set bits / m)<sup>k</sup>; blocked,
    /// the model's rate at the load the fill implies (see BloomFilter.Blocked.cs).
    /// </summary>
    public double EstimatedFalsePositiveRate => Layout == BloomLayout.Blocked
        ? BlockedFalsePositiveRate(ItemsPerBlockAtFill(FillRatio, HashCount), HashCount)
        : Math.Pow(FillRatio, HashCount);

    /// <summary>
    /// Distinct items added, estimated from the fill (Swamidass and Baldi): −m/k · ln(1 − X/m) for a
    /// classic filter, the same argument per block for a blocked one. Infinite once every bit is set.
    /// </summary>
    public double EstimatedCount => Layout == BloomLayout.Blocked
        ? ItemsPerBlockAtFill(FillRatio, HashCount) * BlockCount
        : -(double)BitCount / HashCount * Math.Log(1 - FillRatio);

    /// <summary>The set bit count at which <see cref="EstimatedFalsePositiveRate"/> reaches <paramref name="rate"/>.</summary>
    public long SaturationBitCount(double rate) => Layout == BloomLayout.Blocked
        ? (long)Math.Ceiling(BitCount * ExpectedBlockedFill(ItemsPerBlockAtRate(rate, HashCount), HashCount))
        : (long)Math.Ceiling(BitCount * Math.Pow(rate, 1.0 / HashCount));

    /// <summary>Memory held by the bit array.</summary>
    public long SizeInBytes => (long)_words.Length * sizeof(ulong);

    /// <summary>
    /// Adds <paramref name="item"/> and says whether it was possibly present before — a test and
    /// set in one pass over the k bits. False means certainly new.
    /// </summary>
    public bool Add(ReadOnlySpan<byte> item) => Add(BloomHash.Of(item));

    /// <summary>False means <paramref name="item"/> was certainly never added.</summary>
    public bool MightContain(ReadOnlySpan<byte> item) => MightContain(BloomHash.Of(item));

    internal bool Add(BloomHash hash)
    {
        Span<ulong> words = RangeOf(hash, out ulong position);
        ulong bitCount = (ulong)words.Length * BitsPerWord;
        bool wasPresent = true;
        for (int i = 0; i < HashCount; i++)
        {
            ulong bit = Math.BigMul(BloomHash.Mix(position), bitCount, out _);
            ref ulong word = ref words[(int)(bit / BitsPerWord)];
            ulong mask = 1UL << (int)(bit % BitsPerWord);
            if ((word & mask) == 0)
            {
                word |= mask;
                _setBitCount++;
                wasPresent = false;
            }
            position += hash.Step;
        }
        return wasPresent;
    }

    internal bool MightContain(BloomHash hash)
    {
        Span<ulong> words = RangeOf(hash, out ulong position);
        ulong bitCount = (ulong)words.Length * BitsPerWord;
        for (int i = 0; i < HashCount; i++)
        {
            ulong bit = Math.BigMul(BloomHash.Mix(position), bitCount, out _);
            if ((words[(int)(bit / BitsPerWord)] & (1UL << (int)(bit % BitsPerWord))) == 0)
            {
                return false;
            }
            position += hash.Step;
        }
        return true;
    }

    // The words an item's k bits fall in, and the first of its positions: the whole array from the
    // hash's first half (classic), or the item's block, picked by the first half, from the second (blocked).
    private Span<ulong> RangeOf(BloomHash hash, out ulong firstPosition)
    {
        if (Layout == BloomLayout.Blocked)
        {
            firstPosition = hash.H2;
            return BlockOf(hash);
        }
        firstPosition = hash.H1;
        return _words;
    }

    public bool HasSameShape(BloomFilter other) =>
        other.BitCount == BitCount && other.HashCount == HashCount && other.Layout == Layout;

    /// <summary>
    /// Makes this filter contain every item of <paramref name="other"/>: a bitwise OR, exactly the
    /// filter of the union of both inputs. Only filters of the same shape can be united.
    /// </summary>
    public void UnionWith(BloomFilter other)
    {
        ArgumentNullException.ThrowIfNull(other);
        if (!HasSameShape(other))
        {
            throw new ArgumentException($"Cannot unite a {other.Layout} Bloom filter of {other.BitCount} bits and {other.HashCount} hashes with a {Layout} one of {BitCount} bits and {HashCount} hashes.", nameof(other));
        }
        Span<ulong> words = _words;
        ReadOnlySpan<ulong> otherWords = other._words;
        for (int i = 0; i < words.Length; i++)
        {
            words[i] |= otherWords[i];
        }
        _setBitCount = CountSetBits(_words);
    }

    public BloomFilter Clone() =>
        new((ulong[])_words.Clone(), HashCount, Layout) { _setBitCount = _setBitCount };

    public void Clear()
    {
        Array.Clear(_words);
        _setBitCount = 0;
    }

    private static long CountSetBits(ReadOnlySpan<ulong> words)
    {
        long count = 0;
        foreach (ulong word in words)
        {
            count += BitOperations.PopCount(word);
        }
        return count;
    }
}
