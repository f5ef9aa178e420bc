using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Tally.Core.Sketches;

namespace Tally.Core.Tests.Sketches;

public class BloomFilterProperties
{
    private static Arbitrary<byte[][]> Items =>
        Gen.ArrayOf(ArbMap.Default.GeneratorFor<byte[]>()).ToArbitrary();

    [Property(MaxTest = 300)]
    public Property Never_a_false_negative() =>
        Prop.ForAll(Items, Gen.Choose(1, 200).ToArbitrary(), (items, expected) =>
        {
            // Sized for fewer items than some inputs hold: overfilling raises false positives, never false negatives.
            var filter = BloomFilter.Create(expected, 0.01);
            foreach (byte[] item in items)
            {
                filter.Add(item);
            }
            return items.All(item => filter.MightContain(item) && filter.Add(item));
        });

    [Property(MaxTest = 200)]
    public Property Union_equals_the_filter_of_the_union() =>
        Prop.ForAll(Items, Items, (left, right) =>
        {
            var a = Fill(left);
            var b = Fill(right);
            a.UnionWith(b);
            var ofUnion = Fill([.. left, .. right]);
            return a.ToBytes().AsSpan().SequenceEqual(ofUnion.ToBytes()) && a.SetBitCount == ofUnion.SetBitCount;
        });

    [Property(MaxTest = 200)]
    public Property Union_is_commutative() =>
        Prop.ForAll(Items, Items, (left, right) =>
        {
            var ab = Fill(left);
            ab.UnionWith(Fill(right));
            var ba = Fill(right);
            ba.UnionWith(Fill(left));
            return ab.ToBytes().AsSpan().SequenceEqual(ba.ToBytes());
        });

    private static BloomFilter Fill(IEnumerable<byte[]> items)
    {
        var filter = BloomFilter.Create(50, 0.01);
        foreach (byte[] item in items)
        {
            filter.Add(item);
        }
        return filter;
    }
}
