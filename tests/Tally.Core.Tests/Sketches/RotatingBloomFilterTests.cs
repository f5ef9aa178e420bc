using Tally.Core.Sketches;
using Xunit.Abstractions;

namespace Tally.Core.Tests.Sketches;

public class RotatingBloomFilterTests(ITestOutputHelper output)
{
    private const int Inserted = 0;
    private static readonly DateTimeOffset Midnight = new(2026, 11, 2, 0, 0, 0, TimeSpan.Zero);
    private static readonly TimeSpan Day = TimeSpan.FromDays(1);
    private static readonly TimeSpan Week = TimeSpan.FromDays(7);

    private static RotatingBloomFilter SevenDays(long perDay = 1_000) =>
        new(RotatingBloomFilterOptions.Duplicates(perDay));

    public static TheoryData<TimeSpan> OffsetsIntoTheSlice => [TimeSpan.Zero, TimeSpan.FromHours(13), Day - TimeSpan.FromTicks(1)];

    [Theory]
    [MemberData(nameof(OffsetsIntoTheSlice))]
    public void An_item_is_found_until_the_window_ends_and_gone_one_slice_later(TimeSpan offset)
    {
        var filter = SevenDays();
        DateTimeOffset added = Midnight + offset;
        byte[] item = Keys.Of(21, Inserted, 1);
        filter.Add(item, added);

        Assert.Equal(8, filter.GenerationCount);
        Assert.True(filter.MightContain(item, added + Week));
        Assert.False(filter.MightContain(item, added + Week + Day));

        // Time moved on by other items gives the same answers as looking ahead.
        filter.Add(Keys.Of(21, Inserted, 2), added + Week);
        Assert.True(filter.MightContain(item, added + Week));
        filter.Add(Keys.Of(21, Inserted, 3), added + Week + Day);
        Assert.False(filter.MightContain(item, added + Week + Day));
        Assert.False(filter.Add(item, added + Week + Day));
    }

    [Fact]
    public void Add_says_whether_the_item_was_seen_within_the_window()
    {
        var filter = SevenDays();
        byte[] item = Keys.Of(22, Inserted, 1);

        Assert.False(filter.Add(item, Midnight));
        Assert.True(filter.Add(item, Midnight + TimeSpan.FromHours(1)));
        Assert.True(filter.Add(item, Midnight + TimeSpan.FromDays(3)));
    }

    [Fact]
    public void Adding_again_refreshes_the_item()
    {
        var filter = SevenDays();
        byte[] item = Keys.Of(23, Inserted, 1);
        filter.Add(item, Midnight);
        filter.Add(item, Midnight + TimeSpan.FromDays(5));

        Assert.True(filter.MightContain(item, Midnight + TimeSpan.FromDays(12)));
        Assert.False(filter.MightContain(item, Midnight + TimeSpan.FromDays(13)));
    }

    [Fact]
    public void A_time_before_the_current_slice_counts_as_the_current_slice()
    {
        var filter = SevenDays();
        filter.Add(Keys.Of(24, Inserted, 1), Midnight + TimeSpan.FromDays(3));
        byte[] late = Keys.Of(24, Inserted, 2);
        filter.Add(late, Midnight);

        Assert.Equal(Midnight + TimeSpan.FromDays(3), filter.CurrentSliceStart);
        Assert.True(filter.MightContain(late, Midnight + TimeSpan.FromDays(10)));
    }

    [Fact]
    public void A_jump_past_the_whole_window_forgets_everything()
    {
        var filter = SevenDays();
        for (int i = 0; i < 100; i++)
        {
            filter.Add(Keys.Of(25, Inserted, i), Midnight + TimeSpan.FromDays(i % 8));
        }

        filter.AdvanceTo(Midnight + TimeSpan.FromDays(100));

        Assert.Equal(0, filter.SizeInBytes);
        Assert.All(Enumerable.Range(0, 100), i => Assert.False(filter.MightContain(Keys.Of(25, Inserted, i), Midnight + TimeSpan.FromDays(100))));
    }

    [Fact]
    public void Full_generations_keep_the_target_rate_across_all_of_them()
    {
        const int perDay = 20_000;
        var filter = SevenDays(perDay);
        for (int day = 0; day < 8; day++)
        {
            for (int i = 0; i < perDay; i++)
            {
                filter.Add(Keys.Of(26, Inserted, (day * perDay) + i), Midnight + (day * Day));
            }
        }

        double measured = FalsePositives.Rate(26, BloomFilter.DefaultFalsePositiveRate, key => filter.MightContain(key, Midnight + Week));
        output.WriteLine($"8 generations of {perDay}: {filter.StageCount} stages, {filter.SizeInBytes} bytes, measured {measured:P4}");

        Assert.Equal(8, filter.StageCount);
        Assert.InRange(measured, 0, BloomFilter.DefaultFalsePositiveRate * 1.2);
        Assert.All(Enumerable.Range(0, 8 * perDay), i => Assert.True(filter.MightContain(Keys.Of(26, Inserted, i), Midnight + Week)));
    }

    [Fact]
    public void An_overloaded_slice_grows_instead_of_exceeding_the_rate()
    {
        const int perDay = 1_000;
        const int flood = 40_000;
        var filter = SevenDays(perDay);
        for (int i = 0; i < flood; i++)
        {
            filter.Add(Keys.Of(27, Inserted, i), Midnight + TimeSpan.FromSeconds(i));
        }

        double measured = FalsePositives.Rate(27, BloomFilter.DefaultFalsePositiveRate, key => filter.MightContain(key, Midnight));
        output.WriteLine($"{flood} items into a slice sized for {perDay}: {filter.StageCount} stages, {filter.SizeInBytes} bytes, measured {measured:P4}");

        Assert.True(filter.StageCount >= 6, $"{filter.StageCount} stages");
        Assert.InRange(measured, 0, BloomFilter.DefaultFalsePositiveRate * 1.2);
        Assert.All(Enumerable.Range(0, flood), i => Assert.True(filter.MightContain(Keys.Of(27, Inserted, i), Midnight)));
    }

    [Fact]
    public void Replaying_the_same_items_and_times_gives_identical_bytes()
    {
        var first = SevenDays(500);
        var second = SevenDays(500);
        var random = new Random(28);
        var inputs = Enumerable.Range(0, 20_000)
            .Select(i => (Item: Keys.Of(28, Inserted, random.Next(5_000)), Time: Midnight + TimeSpan.FromMinutes(i)))
            .ToArray();

        bool[] firstAnswers = inputs.Select(input => first.Add(input.Item, input.Time)).ToArray();
        bool[] secondAnswers = inputs.Select(input => second.Add(input.Item, input.Time)).ToArray();

        Assert.Equal(firstAnswers, secondAnswers);
        Assert.Equal(first.ToBytes(), second.ToBytes());
    }

    [Fact]
    public void A_restored_filter_answers_and_rotates_like_the_original()
    {
        var original = SevenDays(200);
        for (int i = 0; i < 3_000; i++)
        {
            original.Add(Keys.Of(29, Inserted, i), Midnight + TimeSpan.FromHours(i / 10));
        }

        byte[] bytes = original.ToBytes();
        var restored = RotatingBloomFilter.FromBytes(bytes);
        Assert.Equal(bytes, restored.ToBytes());
        Assert.Equal(original.CurrentSliceStart, restored.CurrentSliceStart);

        for (int i = 2_000; i < 6_000; i++)
        {
            DateTimeOffset time = Midnight + TimeSpan.FromHours(i / 10);
            Assert.Equal(original.Add(Keys.Of(29, Inserted, i), time), restored.Add(Keys.Of(29, Inserted, i), time));
        }
        Assert.Equal(original.ToBytes(), restored.ToBytes());
    }

    [Fact]
    public void An_unstarted_filter_round_trips()
    {
        var filter = new RotatingBloomFilter(new RotatingBloomFilterOptions
        {
            Window = TimeSpan.FromDays(400),
            SliceLength = Week,
            ExpectedItemsPerSlice = 100_000,
        });

        var restored = RotatingBloomFilter.FromBytes(filter.ToBytes());

        Assert.Null(restored.CurrentSliceStart);
        Assert.Equal(59, restored.GenerationCount);
        Assert.Equal(filter.Options, restored.Options);
    }

    public static TheoryData<string, int, byte> Corruptions => new()
    {
        { "wrong kind", 0, (byte)'B' },
        { "unknown version", 1, 2 },
        { "slice longer than the window", 17, 1 },
        { "current slice before the start", 41, 0xFF },
        { "generation of another size", 54, 0x7F },
    };

    [Theory]
    [MemberData(nameof(Corruptions))]
    public void Corrupt_input_is_a_format_exception(string corruption, int offset, byte value)
    {
        var filter = SevenDays(100);
        filter.Add(Keys.Of(30, Inserted, 1), Midnight);
        byte[] bytes = filter.ToBytes();
        bytes[offset] = value;

        var error = Assert.Throws<FormatException>(() => RotatingBloomFilter.FromBytes(bytes));
        output.WriteLine($"{corruption}: {error.Message}");
        Assert.Throws<FormatException>(() => RotatingBloomFilter.FromBytes(filter.ToBytes().AsSpan(0, bytes.Length - 1)));
        Assert.Throws<FormatException>(() => RotatingBloomFilter.FromBytes([.. filter.ToBytes(), 0]));
    }

    [Fact]
    public void Add_does_not_allocate_within_a_slice()
    {
        var filter = SevenDays(10_000);

        Assert.Equal(0, Allocations.Fewest(() =>
        {
            Span<byte> key = stackalloc byte[Keys.Size];
            for (int i = 0; i < 5_000; i++)
            {
                Keys.Write(key, 31, Inserted, i);
                filter.Add(key, Midnight + TimeSpan.FromSeconds(i));
                filter.MightContain(key, Midnight + TimeSpan.FromSeconds(i));
            }
        }));
    }
}
