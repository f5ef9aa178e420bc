using System.Buffers.Binary;
using System.IO.Hashing;

namespace Tally.Log.Embedded;

/// <summary>
/// On-disk framing of one record: magic (4) | CRC32 (4) | payload length (4) | append time,
/// unix ms (8) | payload. The CRC covers everything after itself, so a torn or flipped length,
/// timestamp or payload byte is detected. All integers little-endian.
/// </summary>
internal static class RecordFormat
{
    /// <summary>"TLR1": marks a record boundary and rejects zero-filled or foreign tails.</summary>
    public const uint Magic = 0x3152_4C54;

    public const int HeaderSize = 20;

    /// <summary>
    /// Upper bound of one payload: a collector batch is far smaller, and recovery must never
    /// trust (and allocate for) a garbage length.
    /// </summary>
    public const int MaxPayloadBytes = 16 * 1024 * 1024;

    private const int CrcCoveredHeaderStart = 8;

    public static long FramedSize(int payloadLength) => HeaderSize + (long)payloadLength;

    public static void Write(Span<byte> destination, long timestampMs, ReadOnlySpan<byte> payload)
    {
        BinaryPrimitives.WriteUInt32LittleEndian(destination, Magic);
        BinaryPrimitives.WriteInt32LittleEndian(destination[8..], payload.Length);
        BinaryPrimitives.WriteInt64LittleEndian(destination[12..], timestampMs);
        payload.CopyTo(destination[HeaderSize..]);
        var crc = Crc32.HashToUInt32(destination[CrcCoveredHeaderStart..(HeaderSize + payload.Length)]);
        BinaryPrimitives.WriteUInt32LittleEndian(destination[4..], crc);
    }

    /// <summary>Checks magic and length; the CRC needs the payload (see <see cref="IsIntact"/>).</summary>
    public static bool TryParseHeader(ReadOnlySpan<byte> header, out RecordHeader parsed)
    {
        parsed = new RecordHeader(
            BinaryPrimitives.ReadInt32LittleEndian(header[8..]),
            BinaryPrimitives.ReadUInt32LittleEndian(header[4..]),
            BinaryPrimitives.ReadInt64LittleEndian(header[12..]));
        return BinaryPrimitives.ReadUInt32LittleEndian(header) == Magic
            && parsed.PayloadLength is >= 0 and <= MaxPayloadBytes;
    }

    public static bool IsIntact(ReadOnlySpan<byte> header, RecordHeader parsed, ReadOnlySpan<byte> payload)
    {
        var crc = new Crc32();
        crc.Append(header[CrcCoveredHeaderStart..HeaderSize]);
        crc.Append(payload);
        return crc.GetCurrentHashAsUInt32() == parsed.Crc;
    }
}

internal readonly record struct RecordHeader(int PayloadLength, uint Crc, long TimestampMs)
{
    public long FramedSize => RecordFormat.FramedSize(PayloadLength);
}
