using Tally.Core.Sketches;

namespace Tally.Core.Tests.Sketches;

public class HyperLogLogTests
{
    // Default parameters: 1280 hashes fit in the 10,240 bytes of packed registers; SPARSE
    // (19 bits per filled register) is shorter than FULL (81,920 bits) up to 4311 filled registers.
    private const int ExplicitLimit = 1280;
    private const int LastSparseFill = 4311;

    [Fact]
    public void Defaults_are_precision_14_width_5_automatic_threshold_sparse_enabled()
    {
        var sketch = HyperLogLog.Create();

        Assert.Equal(new HllParameters(14, 5, -1, true), sketch.Parameters);
        Assert.Equal(ExplicitLimit, sketch.Parameters.ExplicitLimit);
        Assert.Equal(0.008125, sketch.StandardError, 6);
    }

    [Fact]
    public void Empty_sketch_is_the_three_header_bytes_postgresql_hll_writes()
    {
        // SELECT hll_empty(14, 5)
        Assert.Equal(Convert.FromHexString("118e7f"), HyperLogLog.Create().ToBytes());
        Assert.Equal(0.0, HyperLogLog.Create().Estimate());
    }

    [Fact]
    public void Small_sketch_is_byte_for_byte_what_postgresql_hll_writes()
    {
        var sketch = HyperLogLog.Create();
        foreach (string value in new[] { "a", "b", "c", "b" })
        {
            sketch.Add(value);
        }

        // SELECT hll_add_agg(hll_hash_text(x), 14, 5) FROM unnest(array['a','b','c']) x
        Assert.Equal(
            Convert.FromHexString("128e7f85555565f65978898e38df6c4a1f74d77a98a957b1d3d1ee"),
            sketch.ToBytes());
        Assert.Equal(3.0, sketch.Estimate());
    }

    [Fact]
    public void Counts_exactly_up_to_the_explicit_limit_then_switches_to_registers()
    {
        var sketch = HyperLogLog.Create();
        long n = 0;
        foreach (long hash in TestHashes.Range(stream: 1, start: 0, count: ExplicitLimit))
        {
            sketch.AddHash(hash);
            sketch.AddHash(hash);
            n++;
            Assert.Equal(n, sketch.Estimate());
        }
        Assert.Equal(HllStorageType.Explicit, sketch.StorageType);

        sketch.AddHash(TestHashes.Element(1, ExplicitLimit));

        Assert.False(sketch.IsExact);
        Assert.Equal(HllStorageType.Sparse, sketch.StorageType);
    }

    [Fact]
    public void Serialises_sparse_while_shorter_than_full()
    {
        var sketch = HyperLogLog.Create();
        long i = 0;
        while (sketch.StorageType != HllStorageType.Full)
        {
            int before = sketch.SizeInBytes;
            sketch.AddHash(TestHashes.Element(2, i++));
            if (sketch.StorageType == HllStorageType.Full)
            {
                // The step to FULL happens exactly when sparse would reach its length.
                Assert.Equal(3 + (LastSparseFill * 19 + 7) / 8, before);
            }
        }
        Assert.Equal(3 + 10240, sketch.SizeInBytes);
    }

    private static readonly int[] Sizes = [0, 1, 7, ExplicitLimit, ExplicitLimit + 1, 3000, 5000, 100_000];

    public static TheoryData<int> SizesCoveringEveryRepresentation => [.. Sizes];

    [Theory]
    [MemberData(nameof(SizesCoveringEveryRepresentation))]
    public void Bytes_round_trip_with_the_same_estimate(int count)
    {
        var sketch = TestHashes.SketchOf(TestHashes.Range(3, 0, count));
        byte[] bytes = sketch.ToBytes();

        var copy = HyperLogLog.FromBytes(bytes);

        Assert.Equal(bytes.Length, sketch.SizeInBytes);
        Assert.Equal(bytes, copy.ToBytes());
        Assert.Equal(sketch.Estimate(), copy.Estimate());
        Assert.Equal(sketch.StorageType, copy.StorageType);
        Assert.Equal(sketch.Parameters, copy.Parameters);
    }

    [Fact]
    public void Every_representation_is_reached()
    {
        var types = Sizes
            .Select(count => TestHashes.SketchOf(TestHashes.Range(3, 0, count)).StorageType)
            .ToHashSet();

        Assert.Equal(Enum.GetValues<HllStorageType>().ToHashSet(), types);
    }

    [Theory]
    [InlineData(4, 1)]
    [InlineData(10, 3)]
    [InlineData(17, 7)]
    [InlineData(11, 5)]
    public void Other_parameters_round_trip(int log2m, int regWidth)
    {
        var sketch = TestHashes.SketchOf(TestHashes.Range(4, 0, 20_000), log2m, regWidth);

        var copy = HyperLogLog.FromBytes(sketch.ToBytes());

        Assert.Equal(sketch.ToBytes(), copy.ToBytes());
        Assert.Equal(sketch.Estimate(), copy.Estimate());
    }

    [Fact]
    public void Clone_is_independent()
    {
        var sketch = TestHashes.SketchOf(TestHashes.Range(5, 0, 2000));
        var clone = sketch.Clone();

        clone.AddHash(TestHashes.Element(5, 1_000_000));

        Assert.Equal(TestHashes.SketchOf(TestHashes.Range(5, 0, 2000)).ToBytes(), sketch.ToBytes());
    }

    [Fact]
    public void Small_sketches_stay_small_in_memory()
    {
        var tiny = TestHashes.SketchOf(TestHashes.Range(6, 0, 3));
        var justRegisters = TestHashes.SketchOf(TestHashes.Range(6, 0, ExplicitLimit + 1));

        Assert.True(tiny.RetainedBytes < 128, $"3 users take {tiny.RetainedBytes} bytes");
        Assert.True(justRegisters.RetainedBytes < 16_384, $"{ExplicitLimit + 1} users take {justRegisters.RetainedBytes} bytes");
    }

    [Theory]
    [InlineData(3, 5)]
    [InlineData(18, 5)]
    [InlineData(14, 0)]
    [InlineData(14, 8)]
    public void Create_rejects_parameters_postgresql_hll_cannot_count_with(int log2m, int regWidth) =>
        Assert.Throws<ArgumentOutOfRangeException>(() => HyperLogLog.Create(log2m, regWidth));

    [Fact]
    public void Merging_different_parameters_is_refused()
    {
        var fine = TestHashes.SketchOf(TestHashes.Range(7, 0, 10));
        var coarse = TestHashes.SketchOf(TestHashes.Range(7, 0, 10), log2m: 12);

        var error = Assert.Throws<ArgumentException>(() => fine.Merge(coarse));
        Assert.Contains("different parameters", error.Message);
    }

    [Fact]
    public void Union_of_nothing_is_refused() =>
        Assert.Throws<ArgumentException>(() => HyperLogLog.Union());

    [Theory]
    [InlineData("", "header")]
    [InlineData("118e", "header")]
    [InlineData("218e7f", "schema version 2")]
    [InlineData("108e7f", "type 0")]
    [InlineData("158e7f", "type 5")]
    [InlineData("1183 7f", "log2m 3")]
    [InlineData("11f2 7f", "log2m 18")]
    [InlineData("11ee7f", "register width 8")]
    [InlineData("118eff", "reserved")]
    [InlineData("118e4f", "threshold code 15")]
    [InlineData("118e7f00", "EMPTY")]
    [InlineData("128e7f0000", "8-byte")]
    [InlineData("128e7f00000000000000020000000000000001", "ascending")]
    [InlineData("128e7f00000000000000010000000000000001", "ascending")]
    [InlineData("138e7f0000", "padding")]
    [InlineData("148e7f0000", "FULL")]
    public void Bad_bytes_give_a_clear_format_exception(string hex, string expectedMessagePart)
    {
        byte[] bytes = Convert.FromHexString(hex.Replace(" ", "", StringComparison.Ordinal));

        var error = Assert.Throws<FormatException>(() => HyperLogLog.FromBytes(bytes));

        Assert.Contains(expectedMessagePart, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Explicit_set_above_its_threshold_is_refused()
    {
        // expthresh code 1 = a threshold of 1 hash, but two hashes follow.
        byte[] bytes = Convert.FromHexString("128e4100000000000000010000000000000002");

        var error = Assert.Throws<FormatException>(() => HyperLogLog.FromBytes(bytes));

        Assert.Contains("above its threshold", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Sparse_pairs_are_packed_most_significant_bit_first()
    {
        // log2m 4, width 5: 9-bit chunks (index << 5 | value). Register 3 = 7 is 001100111 and
        // register 15 = 2 is 111100010; with 6 bits of padding: 00110011 11111000 10000000.
        byte[] bytes = Convert.FromHexString("13847f33f880");
        var sketch = HyperLogLog.FromBytes(bytes);
        // The same registers as FULL: 16 five-bit registers, r3 at bits 15-19, r15 at bits 75-79.
        var sameRegistersFull = HyperLogLog.FromBytes(Convert.FromHexString("14847f" + "00007000000000000002"));

        Assert.Equal(bytes, sketch.ToBytes());
        Assert.Equal(bytes, sameRegistersFull.ToBytes());
        Assert.Equal(sketch.Estimate(), sameRegistersFull.Estimate());
    }
}
