using Tally.Core.Sketches;
using Xunit.Abstractions;

namespace Tally.Core.Tests.Sketches;

public class TopKTests(ITestOutputHelper output)
{
    [Fact]
    public void Counts_are_exact_while_the_distinct_keys_fit()
    {
        var topK = new TopK(capacity: 64);
        var truth = new Dictionary<string, long>();
        var random = new Random(41);
        for (int i = 0; i < 10_000; i++)
        {
            string key = $"k{random.Next(50)}";
            long count = random.Next(1, 4);
            topK.Add(key, count);
            truth[key] = truth.GetValueOrDefault(key) + count;
        }

        var expected = truth.OrderByDescending(pair => pair.Value).ThenBy(pair => pair.Key, StringComparer.Ordinal)
            .Select(pair => new TopKEntry(pair.Key, pair.Value, 0));
        var top = topK.Top(64);
        // Ranked by count; equal counts in the summary's own order.
        Assert.Equal(top.OrderByDescending(entry => entry.Count), top);
        Assert.Equal(expected, top.OrderByDescending(entry => entry.Count).ThenBy(entry => entry.Key, StringComparer.Ordinal));
        Assert.Equal(truth.Values.Sum(), topK.TotalCount);
        Assert.Equal(0, topK.MinimumCount);
    }

    [Theory]
    [InlineData(1.0, 1)]
    [InlineData(1.0, 2)]
    [InlineData(1.2, 3)]
    [InlineData(1.5, 4)]
    public void Finds_the_true_top_ten_of_a_zipf_stream_within_the_reported_error(double exponent, int seed)
    {
        const int k = 10;
        string[] stream = Zipf.Stream(distinctKeys: 50_000, exponent, length: 300_000, seed);
        var truth = stream.CountBy(key => key).ToDictionary();
        var topK = new TopK(capacity: 10 * k);
        foreach (string key in stream)
        {
            topK.Add(key);
        }

        IReadOnlyList<TopKEntry> top = topK.Top(k);
        var trueTop = truth.OrderByDescending(pair => pair.Value).Take(k).Select(pair => pair.Key);
        output.WriteLine($"s={exponent}: largest error {top.Max(entry => entry.MaxError)}, bound {topK.TotalCount / topK.Capacity}, minimum counter {topK.MinimumCount}");

        Assert.Equal(trueTop.Order(StringComparer.Ordinal), top.Select(entry => entry.Key).Order(StringComparer.Ordinal));
        Assert.All(top, entry => Assert.InRange(truth[entry.Key], entry.GuaranteedCount, entry.Count));
        Assert.All(topK.Top(topK.Capacity), entry => Assert.InRange(entry.MaxError, 0, topK.TotalCount / topK.Capacity));
    }

    [Fact]
    public void Merged_summaries_keep_the_bounds_for_the_whole_stream()
    {
        string[] stream = Zipf.Stream(distinctKeys: 20_000, exponent: 1.1, length: 200_000, seed: 42);
        var truth = stream.CountBy(key => key).ToDictionary();
        var parts = Enumerable.Range(0, 4).Select(_ => new TopK(capacity: 100)).ToArray();
        for (int i = 0; i < stream.Length; i++)
        {
            parts[i % parts.Length].Add(stream[i]);
        }

        var merged = parts[0].Clone();
        foreach (TopK part in parts[1..])
        {
            merged.Merge(part);
        }

        Assert.Equal(stream.Length, merged.TotalCount);
        Assert.All(merged.Top(merged.Capacity), entry =>
        {
            Assert.InRange(truth[entry.Key], entry.GuaranteedCount, entry.Count);
            Assert.InRange(entry.MaxError, 0, merged.TotalCount / merged.Capacity);
        });
        var listed = merged.Top(merged.Capacity).Select(entry => entry.Key).ToHashSet();
        Assert.All(truth.Where(pair => !listed.Contains(pair.Key)), pair => Assert.InRange(pair.Value, 0, merged.MinimumCount));
        var trueTop = truth.OrderByDescending(pair => pair.Value).Take(10).Select(pair => pair.Key).Order(StringComparer.Ordinal);
        Assert.Equal(trueTop, merged.Top(10).Select(entry => entry.Key).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Merge_rejects_another_capacity()
    {
        Assert.Throws<ArgumentException>(() => new TopK(10).Merge(new TopK(20)));
    }

    [Fact]
    public void Span_and_string_keys_count_together()
    {
        var topK = new TopK(4);
        topK.Add("iPhone15,2");
        topK.Add("iPhone15,2 (x)".AsSpan(0, 10), 2);

        Assert.Equal([new TopKEntry("iPhone15,2", 3, 0)], topK.Top(5));
    }

    [Fact]
    public void A_span_key_in_the_top_comes_back_as_the_counted_string()
    {
        var byString = new TopK(capacity: 4, topSize: 1);
        var bySpan = new TopK(capacity: 4, topSize: 1);
        string[] keys = ["a", "b", "a", "c", "a", "b"];
        string? counted = null;
        foreach (string key in keys)
        {
            bool top = bySpan.Add($"{key}!".AsSpan(0, 1), out string? topKey);
            Assert.Equal(byString.Add(key), top);
            Assert.Equal(top ? key : null, topKey);
            if (key == "a" && topKey is not null)
            {
                // The same instance each time: the string the counter holds, not a new copy.
                Assert.True(counted is null || ReferenceEquals(counted, topKey));
                counted = topKey;
            }
        }
        Assert.NotNull(counted);
        Assert.Equal(byString.Top(4), bySpan.Top(4));
    }

    [Fact]
    public void Round_trip_keeps_the_counters_and_how_they_evolve()
    {
        string[] stream = Zipf.Stream(distinctKeys: 1_000, exponent: 1.0, length: 20_000, seed: 43);
        var original = new TopK(32);
        foreach (string key in stream[..10_000])
        {
            original.Add(key);
        }

        byte[] bytes = original.ToBytes();
        var restored = TopK.FromBytes(bytes);
        Assert.Equal(bytes, restored.ToBytes());

        foreach (string key in stream[10_000..])
        {
            original.Add(key);
            restored.Add(key);
        }
        Assert.Equal(original.ToBytes(), restored.ToBytes());
        Assert.Equal(original.Top(32), restored.Top(32));
    }

    [Fact]
    public void Bytes_written_while_equal_counts_were_ordered_by_key_read_as_that_ranking()
    {
        var topK = new TopK(capacity: 4, topSize: 2);
        foreach (string key in new[] { "c", "a", "b", "a" })
        {
            topK.Add(key);
        }
        // The ranks are a, c, b; format version 1 wrote these counters by count, then key: a, b, c.
        byte[] keyOrdered = topK.ToBytes();
        Assert.Equal("acb", new string([(char)keyOrdered[22], (char)keyOrdered[43], (char)keyOrdered[64]]));
        keyOrdered[1] = 1;
        (keyOrdered[43], keyOrdered[64]) = ((byte)'b', (byte)'c');

        var restored = TopK.FromBytes(keyOrdered, topSize: 2);

        Assert.Equal([new("a", 2, 0), new("b", 1, 0), new("c", 1, 0)], restored.Top(4));
        Assert.Equal(2, restored.ToBytes()[1]);
    }

    public static TheoryData<string, Func<byte[], byte[]>> Corruptions => new()
    {
        { "truncated", b => b[..^1] },
        { "trailing byte", b => [.. b, 0] },
        { "wrong kind", b => With(b, 0, (byte)'B') },
        { "zero capacity", b => With(b, 2, 0) },
        { "more entries than counters", b => With(b, 14, 9) },
        { "negative key length", b => With(b, 21, 0x80) },
        { "invalid UTF-8", b => With(b, 22, 0xFF) },
        { "error not below count", b => With(b, 33, 0x7F) },
        { "total below the counted", b => With(b, 6, 0) },
        { "a larger count ranked below a smaller", b => With(b, 45, 1) },
        { "a key twice", b => With(b, 43, (byte)'a') },
    };

    [Theory]
    [MemberData(nameof(Corruptions))]
    public void Corrupt_input_is_a_format_exception(string corruption, Func<byte[], byte[]> corrupt)
    {
        var topK = new TopK(4);
        topK.Add("a", 5);
        topK.Add("b", 3);

        var error = Assert.Throws<FormatException>(() => TopK.FromBytes(corrupt(topK.ToBytes())));
        output.WriteLine($"{corruption}: {error.Message}");
    }

    [Fact]
    public void Adding_a_counted_key_does_not_allocate()
    {
        var topK = new TopK(100);
        string[] keys = Enumerable.Range(0, 300).Select(i => $"k{i}").ToArray();
        foreach (string key in keys)
        {
            topK.Add(key);
            topK.Add(key.AsSpan());
        }

        Assert.Equal(0, Allocations.Fewest(() =>
        {
            for (int i = 0; i < 10_000; i++)
            {
                topK.Add(keys[i % keys.Length]);
            }
        }));
    }

    [Theory]
    [InlineData(1.0, 5)]
    [InlineData(1.3, 6)]
    public void Add_confirms_keys_among_the_top_size_largest_counters_that_outnumber_every_uncounted_key(double exponent, int seed)
    {
        const int topSize = 8;
        string[] stream = Zipf.Stream(distinctKeys: 2_000, exponent, length: 20_000, seed);
        var topK = new TopK(capacity: 40, topSize);
        foreach (string key in stream)
        {
            bool confirmed = topK.Add(key);
            var top = topK.Top(topSize);
            bool expected = top.Any(entry => entry.Key == key && entry.GuaranteedCount > topK.MinimumCount);
            Assert.Equal(expected, confirmed);
        }
    }

    [Fact]
    public void Distinct_keys_admitted_over_full_counters_are_not_confirmed()
    {
        var topK = new TopK(capacity: 20, topSize: 2);
        bool[] confirmed = Enumerable.Range(0, 1_000).Select(i => topK.Add($"id{i}")).ToArray();

        Assert.Equal(2, confirmed.Count(c => c));
        Assert.All(confirmed[20..], Assert.False);
    }

    /// <summary>
    /// The rule that ranks equal counts, by hand: a newcomer takes over the last-ranked counter, and a
    /// raised counter swaps places with the first counter of its old count.
    /// </summary>
    [Fact]
    public void A_newcomer_takes_over_the_last_rank_and_a_raised_counter_swaps_with_the_first_of_its_count()
    {
        var topK = new TopK(capacity: 4, topSize: 2);
        foreach (string key in new[] { "a", "b", "c", "d" })
        {
            topK.Add(key);
        }
        Assert.Equal(["a", "b", "c", "d"], Ranks(topK));

        Assert.False(topK.Add("e"));
        Assert.Equal(["e", "b", "c", "a"], Ranks(topK));
        Assert.Equal(new TopKEntry("e", 2, 1), topK.Top(1)[0]);

        Assert.False(topK.Add("f"));
        Assert.Equal(["e", "f", "c", "b"], Ranks(topK));

        // b's second occurrence: it swaps with c and ranks third, outside the top of two.
        Assert.False(topK.Add("b"));
        Assert.Equal(["e", "f", "b", "c"], Ranks(topK));

        Assert.True(topK.Add("f"));
        Assert.Equal(["f", "e", "b", "c"], Ranks(topK));
        Assert.Equal([3L, 2, 2, 1], topK.Top(4).Select(entry => entry.Count));
    }

    private static string[] Ranks(TopK topK) => [.. topK.Top(topK.Capacity).Select(entry => entry.Key)];

    [Fact]
    public void A_frequent_key_arriving_after_many_rare_ones_enters_the_top()
    {
        var topK = new TopK(capacity: 20, topSize: 2);
        for (int i = 0; i < 1_000; i++)
        {
            topK.Add($"rare{i}");
        }

        bool[] inTop = Enumerable.Range(0, 200).Select(_ => topK.Add("frequent")).ToArray();

        Assert.True(inTop[^1]);
        Assert.Equal("frequent", topK.Top(1)[0].Key);
    }

    [Fact]
    public void Counters_grow_with_use_and_a_restored_summary_keeps_the_same_top()
    {
        string[] stream = Zipf.Stream(distinctKeys: 500, exponent: 1.1, length: 6_000, seed: 44);
        var original = new TopK(capacity: 100_000, topSize: 5);
        foreach (string key in stream[..3_000])
        {
            original.Add(key);
        }
        var restored = TopK.FromBytes(original.ToBytes(), topSize: 5);

        foreach (string key in stream[3_000..])
        {
            Assert.Equal(original.Add(key), restored.Add(key));
        }
        Assert.Equal(original.ToBytes(), restored.ToBytes());
        Assert.True(original.Count <= 500);
    }

    private static byte[] With(byte[] bytes, int offset, byte value)
    {
        bytes[offset] = value;
        return bytes;
    }
}
