using System.Buffers.Binary;
using System.Security.Cryptography;

namespace Tally.Core.Apps;

/// <summary>A SHA-256 key hash as a value type, so the lookup caches key on it without allocating.</summary>
public readonly record struct KeyHash(ulong Part0, ulong Part1, ulong Part2, ulong Part3)
{
    /// <summary>The hash of a 32-byte SHA-256 digest.</summary>
    public static KeyHash FromBytes(ReadOnlySpan<byte> digest)
    {
        if (digest.Length != SHA256.HashSizeInBytes)
        {
            throw new ArgumentException($"A key hash is {SHA256.HashSizeInBytes} bytes, not {digest.Length}.", nameof(digest));
        }

        return new KeyHash(
            BinaryPrimitives.ReadUInt64BigEndian(digest),
            BinaryPrimitives.ReadUInt64BigEndian(digest[8..]),
            BinaryPrimitives.ReadUInt64BigEndian(digest[16..]),
            BinaryPrimitives.ReadUInt64BigEndian(digest[24..]));
    }

    /// <summary>The 32 digest bytes, as stored in the registries' key-hash columns.</summary>
    public byte[] ToBytes()
    {
        var bytes = new byte[SHA256.HashSizeInBytes];
        BinaryPrimitives.WriteUInt64BigEndian(bytes, Part0);
        BinaryPrimitives.WriteUInt64BigEndian(bytes.AsSpan(8), Part1);
        BinaryPrimitives.WriteUInt64BigEndian(bytes.AsSpan(16), Part2);
        BinaryPrimitives.WriteUInt64BigEndian(bytes.AsSpan(24), Part3);
        return bytes;
    }
}
