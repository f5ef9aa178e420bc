using Tally.Core.Sketches;

namespace Tally.Core.Tests.Sketches;

/// <summary>
/// <see cref="TopK"/> against Space-Saving spelled out on a plain list: after every add the same
/// counters (keys, counts, errors) and the same confirmed-top answer, through heavy eviction churn,
/// so the heaps and the key index stay exact however keys come and go.
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
            bool confirmed = (i % 3) switch
            {
                0 => topK.Add(key),
                1 => topK.Add(key.AsSpan()),
                _ => AddForString(topK, key),
            };

            AddToReference(reference, capacity, key);
            Assert.Equal(Canonical(reference), topK.Top(capacity));
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

    // Space-Saving: count a counted key; else take a free counter, or the smallest one (ties: the
    // ordinally last key) with its count as the newcomer's error.
    private static void AddToReference(List<TopKEntry> counters, int capacity, string key)
    {
        int index = counters.FindIndex(entry => entry.Key == key);
        if (index >= 0)
        {
            counters[index] = counters[index] with { Count = counters[index].Count + 1 };
        }
        else if (counters.Count < capacity)
        {
            counters.Add(new TopKEntry(key, 1, 0));
        }
        else
        {
            TopKEntry smallest = Canonical(counters)[^1];
            counters[counters.IndexOf(smallest)] = new TopKEntry(key, smallest.Count + 1, smallest.Count);
        }
    }

    private static bool IsConfirmedTop(List<TopKEntry> counters, int capacity, int topSize, string key)
    {
        var canonical = Canonical(counters);
        long minimum = counters.Count < capacity ? 0 : canonical[^1].Count;
        int rank = canonical.FindIndex(entry => entry.Key == key);
        return rank < topSize && canonical[rank].GuaranteedCount > minimum;
    }

    private static List<TopKEntry> Canonical(List<TopKEntry> counters) =>
        [.. counters.OrderByDescending(entry => entry.Count).ThenBy(entry => entry.Key, StringComparer.Ordinal)];
}
