using Microsoft.Win32.SafeHandles;

namespace Tally.Log.Embedded;

internal sealed partial class Partition
{
    /// <summary>
    /// Adds up to <paramref name="maxRecords"/> committed records from <paramref name="position"/>
    /// on to <paramref name="results"/> and returns the position after the last one. A position
    /// below the oldest retained record (deleted by retention) moves to that record.
    /// </summary>
    public long Read(long position, int maxRecords, List<LogRecord> results)
    {
        var committed = CommittedEnd;
        var read = 0;
        while (read < maxRecords)
        {
            Segment segment;
            long segmentEnd;
            lock (_gate)
            {
                position = Math.Max(position, _segments[0].BaseOffset);
                if (position >= committed)
                {
                    return position;
                }

                var index = _segments.FindLastIndex(s => s.BaseOffset <= position);
                segment = _segments[index];
                segmentEnd = index + 1 < _segments.Count ? _segments[index + 1].BaseOffset : committed;
            }

            SafeFileHandle file;
            try
            {
                file = File.OpenHandle(segment.Path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
            }
            catch (FileNotFoundException) when (position < StartOffset)
            {
                continue; // retention deleted the segment meanwhile; resume at the new start
            }

            using (file)
            {
                for (; read < maxRecords && position < segmentEnd; read++)
                {
                    var record = ReadRecord(file, segment, position, segmentEnd);
                    results.Add(record);
                    position = record.NextOffset;
                }
            }
        }

        return position;
    }

    private LogRecord ReadRecord(SafeFileHandle file, Segment segment, long position, long segmentEnd)
    {
        Span<byte> header = stackalloc byte[RecordFormat.HeaderSize];
        var filePosition = position - segment.BaseOffset;
        if (!FileReads.TryReadExactly(file, header, filePosition)
            || !RecordFormat.TryParseHeader(header, out var parsed)
            || position + parsed.FramedSize > segmentEnd)
        {
            throw NoRecordAt(position);
        }

        var payload = new byte[parsed.PayloadLength];
        if (!FileReads.TryReadExactly(file, payload, filePosition + RecordFormat.HeaderSize)
            || !RecordFormat.IsIntact(header, parsed, payload))
        {
            throw NoRecordAt(position);
        }

        return new LogRecord(Id, position, position + parsed.FramedSize, DateTimeOffset.FromUnixTimeMilliseconds(parsed.TimestampMs), payload);
    }

    private LogCorruptException NoRecordAt(long position) =>
        new($"No intact record at offset {position} of partition {Id}: the data is damaged, or the offset is not one the log handed out.");
}
