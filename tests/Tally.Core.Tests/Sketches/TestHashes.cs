using System.Buffers.Binary;
using Tally.Core.Sketches;

namespace Tally.Core.Tests.Sketches;

/// <summary>Deterministic distinct inputs: element i of stream s is the hash of the 12 bytes (s, i).</summary>
internal static class TestHashes
{
    public static long Element(int stream, long i)
    {
        Span<byte> key = stackalloc byte[12];
        BinaryPrimitives.WriteInt32LittleEndian(key, stream);
        BinaryPrimitives.WriteInt64LittleEndian(key[4..], i);
        return HyperLogLog.HashOf(key);
    }

    public static IEnumerable<long> Range(int stream, long start, int count)
    {
        for (long i = start; i < start + count; i++)
        {
            yield return Element(stream, i);
        }
    }

    public static HyperLogLog SketchOf(IEnumerable<long> hashes, int log2m = 14, int regWidth = 5)
    {
        var sketch = HyperLogLog.Create(log2m, regWidth);
        foreach (long hash in hashes)
        {
            sketch.AddHash(hash);
        }
        return sketch;
    }
}
