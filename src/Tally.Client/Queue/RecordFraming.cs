using System.Buffers.Binary;
using System.IO.Hashing;

namespace Tally.Client.Queue;

/// <summary>
/// Frames queue records on disk as <c>[length:int32][crc32:uint32][sequence:int64][json]</c>
/// (little-endian; the CRC covers sequence and JSON). A frame cut short or failing its CRC marks
/// a torn tail: reading stops there.
/// </summary>
internal static class RecordFraming
{
    public const int HeaderBytes = 8;
    private const int SequenceBytes = 8;

    /// <summary>A frame longer than this is garbage, not a record (events are capped at 32 KB by the collector).</summary>
    private const int MaxPayloadBytes = 4 * 1024 * 1024;

    public static int FrameLength(QueuedEvent e) => HeaderBytes + SequenceBytes + e.Json.Length;

    public static void Write(QueuedEvent e, Span<byte> frame)
    {
        var payload = frame[HeaderBytes..FrameLength(e)];
        BinaryPrimitives.WriteInt64LittleEndian(payload, e.Sequence);
        e.Json.CopyTo(payload[SequenceBytes..]);
        BinaryPrimitives.WriteInt32LittleEndian(frame, payload.Length);
        BinaryPrimitives.WriteUInt32LittleEndian(frame[4..], Crc32.HashToUInt32(payload));
    }

    /// <summary>Reads every whole, intact record of <paramref name="segment"/>; stops at the first torn or corrupt frame.</summary>
    /// <returns>The records, and the length of the intact prefix (the whole segment when it ended cleanly).</returns>
    public static (List<QueuedEvent> Records, int IntactBytes) ReadAll(ReadOnlySpan<byte> segment)
    {
        var records = new List<QueuedEvent>();
        int intact = 0;
        while (intact < segment.Length)
        {
            var rest = segment[intact..];
            if (rest.Length < HeaderBytes)
            {
                break;
            }
            int length = BinaryPrimitives.ReadInt32LittleEndian(rest);
            uint crc = BinaryPrimitives.ReadUInt32LittleEndian(rest[4..]);
            if (length < SequenceBytes || length > MaxPayloadBytes || rest.Length - HeaderBytes < length)
            {
                break;
            }
            var payload = rest.Slice(HeaderBytes, length);
            if (Crc32.HashToUInt32(payload) != crc)
            {
                break;
            }
            records.Add(new QueuedEvent(BinaryPrimitives.ReadInt64LittleEndian(payload), payload[SequenceBytes..].ToArray()));
            intact += HeaderBytes + length;
        }
        return (records, intact);
    }
}
