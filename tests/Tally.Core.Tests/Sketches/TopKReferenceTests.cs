using Tally.Core.Sketches;

namespace Tally.Core.Tests.Sketches;

/// <summary>
/// <see cref="TopK"/> against Space-Saving spelled out on a plain list in rank order: after every add
/// the same counters (keys, counts, errors) at the same ranks and the same confirmed-top answer,
/// through heavy eviction churn, so the runs and the key index stay exact however keys come and go.
/// </summary>
public class TopKReferenceTests
{
    [Theory]
    [InlineData(1, 1, 7)]
    [InlineData(5, 2, 300)]
    [InlineData(64, 8, 200)]
    [InlineData(300, 30, 2_000)]
    public void Every_add_leaves_the_counters_of_plain_space_saving(int capacity, int topSize, int distinctKeys)
    {
        var random = new Random(capacity * 31 + distinctKeys);
        var topK = new TopK(capacity, topSize);
        var reference = new List<TopKEntry>();
        for (int i = 0; i < 20_000; i++)
        {
            // Few frequent keys among many rare ones, some sharing long prefixes, as ids do. The ids' lengths
            // vary (9 to 49), so a newcomer lands in an evicted key's buffer that is shorter, longer or far longer.
            string key = random.Next(4) == 0 ? $"hot-{random.Next(5)}" : RareKey(random.Next(distinctKeys));
            // Now and then a larger count, which passes runs of counts in between.
            int count = i % 3 != 2 && random.Next(8) == 0 ? random.Next(2, 5) : 1;
            bool confirmed = (i % 3) switch
            {
                0 => topK.Add(key, count),
                1 => topK.Add(key.AsSpan(), count),
                _ => AddForString(topK, key),
            };

            AddToReference(reference, capacity, key, count);
            Assert.Equal(reference, topK.Top(capacity));
            Assert.Equal(IsConfirmedTop(reference, capacity, topSize, key), confirmed);
        }
    }

    private static string RareKey(int id) => $"id-{id:D6}" + new string('x', id % 41);

    // The overload that hands back a confirmed top key's string: it must be the key itself.
    private static bool AddForString(TopK topK, string key)
    {
        bool confirmed = topK.Add(key.AsSpan(), out string? topKey);
        Assert.Equal(confirmed ? key : null, topKey);
        return confirmed;
    }

    // Space-Saving by rank, largest count first: a new key is appended last while there is room (with
    // no more than the last counter's count, the rest added after), else takes over the last counter,
    // inheriting its count as error. Each occurrence then swaps the key's counter with the first
    // counter of its count and adds one to it.
    private static void AddToReference(List<TopKEntry> ranked, int capacity, string key, int count)
    {
        int index = ranked.FindIndex(entry => entry.Key == key);
        if (index < 0 && ranked.Count < capacity)
        {
            long start = ranked.Count == 0 ? count : Math.Min(count, ranked[^1].Count);
            ranked.Add(new TopKEntry(key, start, 0));
            index = ranked.Count - 1;
            count -= (int)start;
        }
        else if (index < 0)
        {
            index = ranked.Count - 1;
            ranked[index] = new TopKEntry(key, ranked[index].Count, ranked[index].Count);
        }
        for (; count > 0; count--)
        {
            int first = ranked.FindIndex(entry => entry.Count == ranked[index].Count);
            (ranked[first], ranked[index]) = (ranked[index], ranked[first]);
            index = first;
            ranked[index] = ranked[index] with { Count = ranked[index].Count + 1 };
        }
    }

    private static bool IsConfirmedTop(List<TopKEntry> ranked, int capacity, int topSize, string key)
    {
        long minimum = ranked.Count < capacity ? 0 : ranked[^1].Count;
        int rank = ranked.FindIndex(entry => entry.Key == key);
        return rank < topSize && ranked[rank].GuaranteedCount > minimum;
    }
}
