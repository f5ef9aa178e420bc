using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Tally.Core.Sketches;

namespace Tally.Core.Tests.Sketches;

/// <summary>
/// Union laws, checked on the serialised bytes (so on every register and every kept hash):
/// the speed layer may merge partial sketches in any order and grouping and must get the same
/// sketch as if it had seen all elements at once.
/// </summary>
public class HyperLogLogMergeProperties
{
    /// <summary>Elements start..start+count of a hash stream; overlapping ranges share elements.</summary>
    public sealed record InputSet(int Stream, int Start, int Count)
    {
        public IEnumerable<long> Hashes => TestHashes.Range(Stream, Start, Count);

        public HyperLogLog Sketch() => TestHashes.SketchOf(Hashes);
    }

    // Sizes straddle every representation: explicit, the explicit limit (1280), sparse
    // registers, the sparse-to-dense switch (4096 filled), and dense.
    private static Arbitrary<InputSet> Inputs =>
        (from stream in Gen.Choose(0, 1)
         from start in Gen.Choose(0, 3000)
         from count in Gen.OneOf(Gen.Choose(0, 20), Gen.Choose(1200, 1400), Gen.Choose(2000, 7000), Gen.Constant(12_000))
         select new InputSet(stream, start, count)).ToArbitrary();

    [Property(MaxTest = 50)]
    public Property Merge_is_commutative() =>
        Prop.ForAll(Inputs, Inputs, (a, b) =>
            HyperLogLog.Union(a.Sketch(), b.Sketch()).ToBytes()
                .SequenceEqual(HyperLogLog.Union(b.Sketch(), a.Sketch()).ToBytes()));

    [Property(MaxTest = 50)]
    public Property Merge_is_associative() =>
        Prop.ForAll(Inputs, Inputs, Inputs, (a, b, c) =>
            HyperLogLog.Union(HyperLogLog.Union(a.Sketch(), b.Sketch()), c.Sketch()).ToBytes()
                .SequenceEqual(HyperLogLog.Union(a.Sketch(), HyperLogLog.Union(b.Sketch(), c.Sketch())).ToBytes()));

    [Property(MaxTest = 50)]
    public Property Merging_with_itself_changes_nothing() =>
        Prop.ForAll(Inputs, a =>
        {
            var sketch = a.Sketch();
            byte[] before = sketch.ToBytes();
            sketch.Merge(sketch.Clone());
            sketch.Merge(sketch);
            return sketch.ToBytes().SequenceEqual(before);
        });

    [Property(MaxTest = 50)]
    public Property Merge_equals_the_sketch_of_the_union() =>
        Prop.ForAll(Inputs, Inputs, (a, b) =>
        {
            var merged = a.Sketch();
            merged.Merge(b.Sketch());
            var direct = TestHashes.SketchOf(a.Hashes.Union(b.Hashes));
            return merged.ToBytes().SequenceEqual(direct.ToBytes())
                && merged.Estimate() == direct.Estimate();
        });

    [Property(MaxTest = 50)]
    public Property Merge_of_deserialised_sketches_equals_merge_of_the_originals() =>
        Prop.ForAll(Inputs, Inputs, (a, b) =>
        {
            var fromBytes = HyperLogLog.FromBytes(a.Sketch().ToBytes());
            fromBytes.Merge(HyperLogLog.FromBytes(b.Sketch().ToBytes()));
            return fromBytes.ToBytes().SequenceEqual(HyperLogLog.Union(a.Sketch(), b.Sketch()).ToBytes());
        });

    [Property(MaxTest = 50)]
    public Property Dense_registers_change_no_union_estimate_or_bytes() =>
        Prop.ForAll(Inputs, Inputs, Inputs, (a, b, c) =>
        {
            var dense = a.Sketch();
            dense.UseDenseRegisters();
            var denseB = b.Sketch();
            denseB.UseDenseRegisters();
            dense.Merge(denseB);
            dense.UseDenseRegisters();
            dense.Merge(c.Sketch());
            var plain = HyperLogLog.Union(a.Sketch(), b.Sketch(), c.Sketch());
            return dense.ToBytes().SequenceEqual(plain.ToBytes())
                && dense.Estimate() == plain.Estimate()
                && dense.IsExact == plain.IsExact;
        });
}
