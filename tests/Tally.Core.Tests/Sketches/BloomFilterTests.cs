using Tally.Core.Sketches;
using Xunit.Abstractions;

namespace Tally.Core.Tests.Sketches;

public class BloomFilterTests(ITestOutputHelper output)
{
    private const int Inserted = 0;

    public static TheoryData<BloomLayout> Layouts => [BloomLayout.Classic, BloomLayout.Blocked];

    public static TheoryData<int, double, BloomLayout> Sizes()
    {
        var sizes = new TheoryData<int, double, BloomLayout>();
        foreach (var layout in new[] { BloomLayout.Classic, BloomLayout.Blocked })
        {
            foreach (var (items, target) in new[] { (1_000, 0.001), (10_000, 0.001), (100_000, 0.001), (1_000_000, 0.001), (10_000, 0.01), (100_000, 0.0001) })
            {
                sizes.Add(items, target, layout);
            }
        }
        return sizes;
    }

    [Theory]
    [MemberData(nameof(Sizes))]
    public void Measured_false_positive_rate_stays_within_one_and_a_half_times_the_target(int items, double target, BloomLayout layout)
    {
        Span<byte> key = stackalloc byte[Keys.Size];
        foreach (int seed in new[] { 1, 2, 3 })
        {
            var filter = BloomFilter.Create(items, target, layout);
            for (int i = 0; i < items; i++)
            {
                Keys.Write(key, seed, Inserted, i);
                filter.Add(key);
            }

            double measured = FalsePositives.Rate(seed, target, probe => filter.MightContain(probe));
            output.WriteLine($"{layout} n={items} target={target} seed={seed}: measured {measured:P4}, estimated {filter.EstimatedFalsePositiveRate:P4}, k={filter.HashCount}, {filter.SizeInBytes} bytes");
            Assert.InRange(measured, 0, target * 1.5);
            // Filled to its expected items, the fill implies the rate it was sized for (give or take the fill's noise).
            Assert.InRange(filter.EstimatedFalsePositiveRate, 0, target * 1.1);
        }
    }

    [Theory]
    [MemberData(nameof(Layouts))]
    public void Add_is_a_test_and_set(BloomLayout layout)
    {
        var filter = BloomFilter.Create(1_000, layout: layout);
        byte[] item = Keys.Of(7, Inserted, 1);

        Assert.False(filter.MightContain(item));
        Assert.False(filter.Add(item));
        Assert.True(filter.MightContain(item));
        Assert.True(filter.Add(item));
    }

    [Fact]
    public void Classic_shape_matches_the_textbook_formula()
    {
        var filter = BloomFilter.Create(1_000_000, layout: BloomLayout.Classic);

        // −n·ln(0.001)/ln²2 = 14,377,588 bits, rounded up to whole words; k = round(14.38 · ln 2) = 10.
        Assert.Equal(14_377_600, filter.BitCount);
        Assert.Equal(10, filter.HashCount);
        Assert.Equal(1_797_200, filter.SizeInBytes);
    }

    [Theory]
    [InlineData(1_000_000, 0.001)]
    [InlineData(100_000, 0.01)]
    [InlineData(100_000, 0.0001)]
    [InlineData(1, 0.001)]
    public void Blocked_shape_is_whole_blocks_and_a_few_more_bits_than_the_classic_one(int items, double target)
    {
        var (classicBits, classicHashes) = BloomFilter.Shape(items, target, BloomLayout.Classic);
        var (blockedBits, blockedHashes) = BloomFilter.Shape(items, target);

        output.WriteLine($"n={items} p={target}: classic {classicBits} bits k={classicHashes}, blocked {blockedBits} bits k={blockedHashes} ({(double)blockedBits / classicBits:F3}x)");
        Assert.Equal(0, blockedBits % BloomFilter.BlockBits);
        Assert.InRange(blockedBits, classicBits, Math.Max(BloomFilter.BlockBits, (long)(classicBits * 1.4)));
        Assert.Equal(BloomLayout.Blocked, BloomFilter.Create(items, target).Layout);
    }

    [Theory]
    [MemberData(nameof(Layouts))]
    public void Estimated_count_follows_the_number_of_distinct_items(BloomLayout layout)
    {
        var filter = BloomFilter.Create(100_000, layout: layout);
        for (int i = 0; i < 50_000; i++)
        {
            filter.Add(Keys.Of(3, Inserted, i));
            filter.Add(Keys.Of(3, Inserted, i));
        }

        Assert.InRange(filter.EstimatedCount, 49_000, 51_000);
    }

    [Fact]
    public void Union_rejects_a_filter_of_another_shape()
    {
        var filter = BloomFilter.Create(1_000);

        Assert.Throws<ArgumentException>(() => filter.UnionWith(BloomFilter.Create(2_000)));
        Assert.Throws<ArgumentException>(() => filter.UnionWith(BloomFilter.CreateWithShape(filter.BitCount, filter.HashCount + 1)));
        Assert.Throws<ArgumentException>(() => filter.UnionWith(BloomFilter.CreateWithShape(filter.BitCount, filter.HashCount, BloomLayout.Classic)));
    }

    [Theory]
    [MemberData(nameof(Layouts))]
    public void Round_trip_keeps_every_bit_the_fill_and_the_layout(BloomLayout layout)
    {
        var filter = BloomFilter.Create(5_000, 0.01, layout);
        for (int i = 0; i < 5_000; i++)
        {
            filter.Add(Keys.Of(4, Inserted, i));
        }

        byte[] bytes = filter.ToBytes();
        var restored = BloomFilter.FromBytes(bytes);

        Assert.Equal(bytes, restored.ToBytes());
        Assert.Equal(filter.SetBitCount, restored.SetBitCount);
        Assert.Equal(filter.HashCount, restored.HashCount);
        Assert.Equal(layout, restored.Layout);
        Assert.Equal((byte)layout, bytes[1]);
        Assert.All(Enumerable.Range(0, 5_000), i => Assert.True(restored.MightContain(Keys.Of(4, Inserted, i))));
    }

    public static TheoryData<string, Func<byte[], byte[]>> Corruptions => new()
    {
        { "empty", _ => [] },
        { "truncated", b => b[..^1] },
        { "trailing byte", b => [.. b, 0] },
        { "wrong kind", b => With(b, 0, (byte)'K') },
        { "unknown version", b => With(b, 1, 9) },
        { "version before the first", b => With(b, 1, 0) },
        { "blocked bit count not whole blocks", b => With(b, 3, 64) },
        { "no hashes", b => With(b, 2, 0) },
        { "too many hashes", b => With(b, 2, 65) },
        { "bit count not whole words", b => With(b, 3, 65) },
        { "bit count larger than the data", b => With(b, 7, 1) },
        { "negative bit count", b => With(b, 10, 0x80) },
    };

    [Theory]
    [MemberData(nameof(Corruptions))]
    public void Corrupt_input_is_a_format_exception(string corruption, Func<byte[], byte[]> corrupt)
    {
        var filter = BloomFilter.Create(100);
        filter.Add(Keys.Of(5, Inserted, 1));

        var error = Assert.Throws<FormatException>(() => BloomFilter.FromBytes(corrupt(filter.ToBytes())));
        output.WriteLine($"{corruption}: {error.Message}");
    }

    [Fact]
    public void Classic_bit_count_must_be_whole_words()
    {
        var filter = BloomFilter.Create(100, layout: BloomLayout.Classic);
        Assert.Throws<FormatException>(() => BloomFilter.FromBytes(With(filter.ToBytes(), 3, 65)));
        Assert.Throws<ArgumentOutOfRangeException>(() => BloomFilter.CreateWithShape(64 * 3, 2));
        Assert.Equal(64 * 3, BloomFilter.CreateWithShape(64 * 3, 2, BloomLayout.Classic).BitCount);
    }

    [Theory]
    [MemberData(nameof(Layouts))]
    public void Add_and_lookup_do_not_allocate(BloomLayout layout)
    {
        var filter = BloomFilter.Create(10_000, layout: layout);
        int first = 0;

        Assert.Equal(0, Allocations.Fewest(() => AddAndLookUp(filter, first += 10_000)));
    }

    private static void AddAndLookUp(BloomFilter filter, int first)
    {
        Span<byte> key = stackalloc byte[Keys.Size];
        for (int i = first; i < first + 10_000; i++)
        {
            Keys.Write(key, 6, Inserted, i);
            filter.Add(key);
            filter.MightContain(key);
        }
    }

    private static byte[] With(byte[] bytes, int offset, byte value)
    {
        bytes[offset] = value;
        return bytes;
    }
}
