using Tally.Core.Sketches;
using Xunit.Abstractions;

namespace Tally.Core.Tests.Sketches;

public class ScalableBloomFilterTests(ITestOutputHelper output)
{
    private const int Inserted = 0;

    [Theory]
    [InlineData(1_000, 1_000)]
    [InlineData(1_000, 50_000)]
    [InlineData(100, 200_000)]
    public void Keeps_the_false_positive_rate_however_far_past_its_capacity(int capacity, int items)
    {
        const double target = 0.001;
        var filter = new ScalableBloomFilter(capacity, target);
        for (int i = 0; i < items; i++)
        {
            filter.Add(Keys.Of(11, Inserted, i));
        }

        double measured = FalsePositives.Rate(11, target, key => filter.MightContain(key));
        output.WriteLine($"capacity {capacity}, {items} items: {filter.StageCount} stages, {filter.SizeInBytes} bytes, measured {measured:P4}, estimated {filter.EstimatedFalsePositiveRate:P4}");

        // The fills guarantee the bound; the measurement only adds sampling noise (±7 % at 1.5σ).
        Assert.InRange(filter.EstimatedFalsePositiveRate, 0, target);
        Assert.InRange(measured, 0, target * 1.2);
        Assert.All(Enumerable.Range(0, items), i => Assert.True(filter.MightContain(Keys.Of(11, Inserted, i))));
        Assert.Equal(items > capacity, filter.StageCount > 1);
    }

    [Fact]
    public void Add_is_a_test_and_set_across_stages()
    {
        var filter = new ScalableBloomFilter(10, 0.01);
        for (int i = 0; i < 1_000; i++)
        {
            filter.Add(Keys.Of(12, Inserted, i));
        }

        Assert.True(filter.StageCount > 1);
        Assert.True(filter.Add(Keys.Of(12, Inserted, 0)));
        Assert.False(filter.Add(Keys.Of(12, 2, 0)));
        Assert.True(filter.Add(Keys.Of(12, 2, 0)));
    }

    [Fact]
    public void An_unused_filter_holds_no_bit_array_and_clear_releases_it()
    {
        var filter = new ScalableBloomFilter(1_000_000);
        Assert.Equal(0, filter.SizeInBytes);

        filter.Add(Keys.Of(13, Inserted, 0));
        // Half the error budget and 5 % headroom: 1,050,000 items at 0.05 %.
        Assert.Equal(BloomFilter.Create(1_050_000, BloomFilter.DefaultFalsePositiveRate / 2).SizeInBytes, filter.SizeInBytes);

        filter.Clear();
        Assert.Equal(0, filter.SizeInBytes);
        Assert.False(filter.MightContain(Keys.Of(13, Inserted, 0)));
    }

    [Fact]
    public void Round_trip_keeps_every_stage()
    {
        var filter = new ScalableBloomFilter(100, 0.01);
        for (int i = 0; i < 1_000; i++)
        {
            filter.Add(Keys.Of(14, Inserted, i));
        }

        byte[] bytes = filter.ToBytes();
        var restored = ScalableBloomFilter.FromBytes(bytes);

        Assert.Equal(bytes, restored.ToBytes());
        Assert.Equal(filter.StageCount, restored.StageCount);
        // The restored filter saturates and grows at the same points as the original.
        for (int i = 1_000; i < 2_000; i++)
        {
            Assert.Equal(filter.Add(Keys.Of(14, Inserted, i)), restored.Add(Keys.Of(14, Inserted, i)));
        }
        Assert.Equal(filter.ToBytes(), restored.ToBytes());
    }

    [Fact]
    public void A_filter_saved_with_classic_stages_keeps_its_items_and_grows_with_blocked_ones()
    {
        // What an earlier version saved: the same header, and stage 0 classic, with the classic shape of
        // its design (100 items with 5 % headroom, at half the budget).
        var classic = BloomFilter.Create(105, 0.005, BloomLayout.Classic);
        for (int i = 0; i < 100; i++)
        {
            classic.Add(Keys.Of(17, Inserted, i));
        }
        using var saved = new MemoryStream();
        using (var writer = new BinaryWriter(saved))
        {
            writer.Write((byte)'S');
            writer.Write((byte)1);
            writer.Write(100L);
            writer.Write(0.01);
            writer.Write((byte)1);
            writer.Write(classic.ToBytes());
        }

        var filter = ScalableBloomFilter.FromBytes(saved.ToArray());
        Assert.All(Enumerable.Range(0, 100), i => Assert.True(filter.MightContain(Keys.Of(17, Inserted, i))));
        for (int i = 100; i < 1_000; i++)
        {
            filter.Add(Keys.Of(17, Inserted, i));
        }

        Assert.True(filter.StageCount > 1);
        var restored = ScalableBloomFilter.FromBytes(filter.ToBytes());
        Assert.Equal(filter.ToBytes(), restored.ToBytes());
        Assert.All(Enumerable.Range(0, 1_000), i => Assert.True(restored.MightContain(Keys.Of(17, Inserted, i))));
        Assert.InRange(filter.EstimatedFalsePositiveRate, 0, 0.01);
    }

    [Fact]
    public void A_stage_that_does_not_match_its_design_is_a_format_exception()
    {
        var filter = new ScalableBloomFilter(100, 0.01);
        filter.Add(Keys.Of(15, Inserted, 0));
        byte[] bytes = filter.ToBytes();
        // The initial capacity is the 8 bytes after kind and version; doubling it changes every stage's design.
        bytes[2] = 200;

        var error = Assert.Throws<FormatException>(() => ScalableBloomFilter.FromBytes(bytes));
        Assert.Contains("does not match its design", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Truncated_input_is_a_format_exception()
    {
        var filter = new ScalableBloomFilter(100, 0.01);
        filter.Add(Keys.Of(16, Inserted, 0));
        byte[] bytes = filter.ToBytes();

        Assert.Throws<FormatException>(() => ScalableBloomFilter.FromBytes(bytes.AsSpan(0, bytes.Length - 8)));
        Assert.Throws<FormatException>(() => ScalableBloomFilter.FromBytes(bytes.AsSpan(0, 5)));
    }
}
