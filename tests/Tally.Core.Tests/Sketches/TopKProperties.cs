using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Tally.Core.Sketches;

namespace Tally.Core.Tests.Sketches;

public class TopKProperties
{
    // Few counters and a few dozen keys, so summaries overflow and merges must choose what to keep.
    private const int Capacity = 6;

    private static Arbitrary<string[]> Streams =>
        Gen.ArrayOf(Gen.Choose(0, 40).Select(i => $"k{i % (1 + (i / 8))}")).ToArbitrary();

    [Property(MaxTest = 300)]
    public Property Merge_is_commutative() =>
        Prop.ForAll(Streams, Streams, (left, right) =>
        {
            var ab = Summarise(left);
            ab.Merge(Summarise(right));
            var ba = Summarise(right);
            ba.Merge(Summarise(left));
            return ab.ToBytes().AsSpan().SequenceEqual(ba.ToBytes());
        });

    [Property(MaxTest = 300)]
    public Property Merge_keeps_every_bound_for_the_concatenated_stream() =>
        Prop.ForAll(Streams, Streams, (left, right) =>
        {
            var merged = Summarise(left);
            merged.Merge(Summarise(right));
            var truth = left.Concat(right).CountBy(key => key).ToDictionary();
            var entries = merged.Top(Capacity);
            var listed = entries.Select(entry => entry.Key).ToHashSet();
            return merged.TotalCount == left.Length + right.Length
                && entries.All(entry => entry.GuaranteedCount <= truth[entry.Key] && truth[entry.Key] <= entry.Count
                    && entry.MaxError * Capacity <= merged.TotalCount)
                && truth.Where(pair => !listed.Contains(pair.Key)).All(pair => pair.Value <= merged.MinimumCount);
        });

    [Property(MaxTest = 300)]
    public Property Bytes_round_trip() =>
        Prop.ForAll(Streams, stream =>
        {
            byte[] bytes = Summarise(stream).ToBytes();
            return TopK.FromBytes(bytes).ToBytes().AsSpan().SequenceEqual(bytes);
        });

    private static TopK Summarise(IEnumerable<string> stream)
    {
        var topK = new TopK(Capacity);
        foreach (string key in stream)
        {
            topK.Add(key);
        }
        return topK;
    }
}
