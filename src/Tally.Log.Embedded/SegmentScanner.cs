using System.Buffers;
using Microsoft.Win32.SafeHandles;

namespace Tally.Log.Embedded;

/// <summary>Finds the longest prefix of a segment file made of whole, CRC-valid records.</summary>
internal static class SegmentScanner
{
    /// <param name="ValidLength">Bytes up to the end of the last intact record.</param>
    /// <param name="NewestTimestampMs">Append time of the last intact record, or null if there is none.</param>
    /// <param name="Problem">Why scanning stopped before the end of the file, or null.</param>
    public readonly record struct Result(long ValidLength, long? NewestTimestampMs, string? Problem);

    public static Result Scan(SafeFileHandle file)
    {
        var fileLength = RandomAccess.GetLength(file);
        Span<byte> header = stackalloc byte[RecordFormat.HeaderSize];
        // Most records are a few KiB; larger ones rent a larger buffer below.
        var payload = ArrayPool<byte>.Shared.Rent(64 * 1024);
        try
        {
            long position = 0;
            long? newest = null;
            while (position < fileLength)
            {
                if (!FileReads.TryReadExactly(file, header, position))
                {
                    return new Result(position, newest, "incomplete record header");
                }

                if (!RecordFormat.TryParseHeader(header, out var parsed))
                {
                    return new Result(position, newest, "bad record magic or length");
                }

                if (position + parsed.FramedSize > fileLength)
                {
                    return new Result(position, newest, "incomplete record payload");
                }

                if (payload.Length < parsed.PayloadLength)
                {
                    ArrayPool<byte>.Shared.Return(payload);
                    payload = ArrayPool<byte>.Shared.Rent(parsed.PayloadLength);
                }

                var body = payload.AsSpan(0, parsed.PayloadLength);
                if (!FileReads.TryReadExactly(file, body, position + RecordFormat.HeaderSize)
                    || !RecordFormat.IsIntact(header, parsed, body))
                {
                    return new Result(position, newest, "record checksum mismatch");
                }

                newest = parsed.TimestampMs;
                position += parsed.FramedSize;
            }

            return new Result(position, newest, null);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(payload);
        }
    }
}
