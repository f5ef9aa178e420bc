using System.Buffers.Binary;
using System.IO.Hashing;

namespace Tally.Client.Queue;

/// <summary>
/// The committed-read cursor: the lowest sequence number not yet delivered or dropped. Stored in
/// two CRC-checked 12-byte slots written alternately in place, so a write torn by a kill leaves
/// the other slot intact. The cursor only grows, so the larger valid slot is the current one.
/// </summary>
internal sealed class CursorFile : IDisposable
{
    private const int SlotBytes = 12;
    private readonly FileStream _file;
    private readonly bool _flushToDisk;
    private int _nextSlot;

    private CursorFile(FileStream file, long value, bool flushToDisk)
    {
        _file = file;
        _flushToDisk = flushToDisk;
        Value = value;
    }

    public long Value { get; private set; }

    public static CursorFile Open(string path, bool flushToDisk = true)
    {
        var file = new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
        Span<byte> slots = stackalloc byte[SlotBytes * 2];
        int read = 0;
        while (read < slots.Length && file.Read(slots[read..]) is var n and > 0)
        {
            read += n;
        }
        long value = Math.Max(ReadSlot(slots[..Math.Min(read, SlotBytes)]), ReadSlot(slots[SlotBytes..Math.Max(read, SlotBytes)]));
        return new CursorFile(file, value, flushToDisk);
    }

    /// <summary>Writes <paramref name="value"/> (if it moved) and flushes it to the device (or only to the OS when fsync is turned off).</summary>
    public void Write(long value)
    {
        if (value <= Value)
        {
            return;
        }
        Span<byte> slot = stackalloc byte[SlotBytes];
        BinaryPrimitives.WriteInt64LittleEndian(slot, value);
        BinaryPrimitives.WriteUInt32LittleEndian(slot[8..], Crc32.HashToUInt32(slot[..8]));
        _file.Position = _nextSlot * SlotBytes;
        _file.Write(slot);
        _file.Flush(flushToDisk: _flushToDisk);
        _nextSlot ^= 1;
        Value = value;
    }

    private static long ReadSlot(ReadOnlySpan<byte> slot)
    {
        if (slot.Length < SlotBytes || Crc32.HashToUInt32(slot[..8]) != BinaryPrimitives.ReadUInt32LittleEndian(slot[8..]))
        {
            return 0;
        }
        return BinaryPrimitives.ReadInt64LittleEndian(slot);
    }

    public void Dispose() => _file.Dispose();
}
