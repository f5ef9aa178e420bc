using System.Buffers.Binary;
using System.Numerics;

namespace Tally.Core.Sketches;

/// <summary>
/// MurmurHash3 x64 128-bit (Austin Appleby's public-domain algorithm), bit-for-bit the variant
/// postgresql-hll links: blocks and tail read little-endian, the seed widened to both halves.
/// </summary>
public static class MurmurHash3
{
    private const ulong C1 = 0x87c37b91114253d5;
    private const ulong C2 = 0x4cf5ad432745937f;
    private const int BlockSize = 16;

    /// <summary>Both 64-bit halves of the hash, in the order the reference writes them.</summary>
    public static (ulong H1, ulong H2) Hash128(ReadOnlySpan<byte> data, uint seed = 0)
    {
        ulong h1 = seed;
        ulong h2 = seed;
        int blockEnd = data.Length - data.Length % BlockSize;
        for (int i = 0; i < blockEnd; i += BlockSize)
        {
            ulong k1 = BinaryPrimitives.ReadUInt64LittleEndian(data.Slice(i, 8));
            ulong k2 = BinaryPrimitives.ReadUInt64LittleEndian(data.Slice(i + 8, 8));

            h1 ^= MixK1(k1);
            h1 = BitOperations.RotateLeft(h1, 27);
            h1 += h2;
            h1 = h1 * 5 + 0x52dce729;

            h2 ^= MixK2(k2);
            h2 = BitOperations.RotateLeft(h2, 31);
            h2 += h1;
            h2 = h2 * 5 + 0x38495ab5;
        }

        var tail = data[blockEnd..];
        if (tail.Length > 0)
        {
            // Zero-padding the tail to a full block reproduces the reference's byte-wise switch.
            Span<byte> padded = stackalloc byte[BlockSize];
            padded.Clear();
            tail.CopyTo(padded);
            if (tail.Length > 8)
            {
                h2 ^= MixK2(BinaryPrimitives.ReadUInt64LittleEndian(padded[8..]));
            }
            h1 ^= MixK1(BinaryPrimitives.ReadUInt64LittleEndian(padded));
        }

        h1 ^= (ulong)data.Length;
        h2 ^= (ulong)data.Length;
        h1 += h2;
        h2 += h1;
        h1 = FinalMix(h1);
        h2 = FinalMix(h2);
        h1 += h2;
        h2 += h1;
        return (h1, h2);
    }

    private static ulong MixK1(ulong k1) => BitOperations.RotateLeft(k1 * C1, 31) * C2;

    private static ulong MixK2(ulong k2) => BitOperations.RotateLeft(k2 * C2, 33) * C1;

    private static ulong FinalMix(ulong k)
    {
        k ^= k >> 33;
        k *= 0xff51afd7ed558ccd;
        k ^= k >> 33;
        k *= 0xc4ceb9fe1a85ec53;
        k ^= k >> 33;
        return k;
    }
}
