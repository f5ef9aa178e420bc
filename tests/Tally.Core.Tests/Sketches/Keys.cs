using System.Buffers.Binary;

namespace Tally.Core.Tests.Sketches;

/// <summary>Distinct 16-byte keys: a (seed, set) tag and an index, so inserted and probed keys never collide.</summary>
internal static class Keys
{
    public const int Size = 16;

    public static void Write(Span<byte> destination, int seed, int set, long index)
    {
        BinaryPrimitives.WriteInt32LittleEndian(destination, seed);
        BinaryPrimitives.WriteInt32LittleEndian(destination[4..], set);
        BinaryPrimitives.WriteInt64LittleEndian(destination[8..], index);
    }

    public static byte[] Of(int seed, int set, long index)
    {
        byte[] key = new byte[Size];
        Write(key, seed, set, index);
        return key;
    }
}
