using System.IO.Hashing;

namespace Tally.Core.Sketches;

/// <summary>
/// The two 64-bit halves of one XxHash128 of an item. Bloom filters derive all k bit positions
/// from them (Kirsch–Mitzenmacher double hashing), so an item is hashed once however many
/// filters or generations it is checked against.
/// </summary>
internal readonly record struct BloomHash(ulong H1, ulong H2)
{
    // Part of every serialised Bloom format: changing the seed or the hash changes every bit position.
    private const long Seed = 0;

    public static BloomHash Of(ReadOnlySpan<byte> item)
    {
        UInt128 hash = XxHash128.HashToUInt128(item, Seed);
        return new BloomHash((ulong)hash, (ulong)(hash >> 64));
    }
}
