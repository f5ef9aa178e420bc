using System.Buffers.Binary;
using Tally.Core.Sketches;
using Utf8 = System.Text.Encoding;

namespace Tally.Core.Tests.Sketches;

public class MurmurHash3Tests
{
    [Fact]
    public void Passes_the_SMHasher_verification_value()
    {
        // SMHasher's VerificationTest: hash keys {0}, {0,1}, ... {0..254} with seed 256 - length,
        // hash the concatenated 16-byte results with seed 0; the first 4 bytes, little-endian,
        // are 0x6384BA69 for MurmurHash3_x64_128.
        var key = new byte[256];
        var hashes = new byte[256 * 16];
        for (int i = 0; i < 256; i++)
        {
            key[i] = (byte)i;
            var (h1, h2) = MurmurHash3.Hash128(key.AsSpan(0, i), (uint)(256 - i));
            BinaryPrimitives.WriteUInt64LittleEndian(hashes.AsSpan(i * 16), h1);
            BinaryPrimitives.WriteUInt64LittleEndian(hashes.AsSpan(i * 16 + 8), h2);
        }
        var (final, _) = MurmurHash3.Hash128(hashes);

        Assert.Equal(0x6384BA69u, (uint)final);
    }

    [Fact]
    public void Hash_of_nothing_with_seed_zero_is_zero() =>
        Assert.Equal((0UL, 0UL), MurmurHash3.Hash128([]));

    // Values returned by postgresql-hll 2.17 on PostgreSQL 15 (UTF-8 database):
    // SELECT hll_hash_text('hello'), ...; the PostgreSQL test project re-checks many more live.
    [Theory]
    [InlineData("", 0L)]
    [InlineData("hello", -3758069500696749310L)]
    [InlineData("Tally", -1922475151398814313L)]
    [InlineData("漢字😀", -4342235787857743400L)]
    [InlineData("The quick brown fox jumps over the lazy dog", -2068352364225029268L)]
    public void Text_hash_matches_hll_hash_text(string text, long expected)
    {
        Assert.Equal(expected, HyperLogLog.HashOf(text));
        Assert.Equal(expected, HyperLogLog.HashOf(Utf8.UTF8.GetBytes(text)));
    }

    [Fact]
    public void Bytes_hash_matches_hll_hash_bytea() =>
        Assert.Equal(5048724184180415669L, HyperLogLog.HashOf([0]));

    [Fact]
    public void Long_strings_hash_like_their_utf8_bytes()
    {
        string text = string.Concat(Enumerable.Repeat("ü漢😀x", 200));

        Assert.Equal(HyperLogLog.HashOf(Utf8.UTF8.GetBytes(text)), HyperLogLog.HashOf(text));
    }
}
