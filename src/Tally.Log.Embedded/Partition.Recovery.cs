using Microsoft.Extensions.Logging;

namespace Tally.Log.Embedded;

internal sealed partial class Partition
{
    /// <summary>
    /// Opens (or creates) a partition directory. The active segment is always scanned and its
    /// torn tail cut off; closed segments are scanned too when <paramref name="verifyClosedSegments"/>
    /// (after an unclean shutdown), and any damage in them is <see cref="LogCorruptException"/>.
    /// </summary>
    public static Partition Open(int id, string directory, bool verifyClosedSegments, ILogger logger)
    {
        System.IO.Directory.CreateDirectory(directory);
        var segments = ListSegments(directory);
        if (segments.Count == 0)
        {
            var first = new Segment(0, Path.Combine(directory, Segment.FileName(0)));
            var firstFile = OpenForAppend(first.Path, FileMode.CreateNew);
            // Both the partition directory and its first segment must survive a power cut.
            DirectorySync.Flush(directory);
            DirectorySync.Flush(Path.GetDirectoryName(Path.GetFullPath(directory))!);
            return new Partition(id, directory, [first], firstFile, logger);
        }

        for (var i = 0; i < segments.Count - 1; i++)
        {
            var segment = segments[i];
            segment.Length = new FileInfo(segment.Path).Length;
            segment.NewestTimestampMs = verifyClosedSegments
                ? VerifyClosed(segment)
                : new DateTimeOffset(File.GetLastWriteTimeUtc(segment.Path)).ToUnixTimeMilliseconds();
            if (segment.EndOffset != segments[i + 1].BaseOffset)
            {
                throw new LogCorruptException(
                    $"Segment {segment.Path} ends at offset {segment.EndOffset} but the next segment starts at {segments[i + 1].BaseOffset}: a segment is missing or truncated.");
            }
        }

        var active = segments[^1];
        var file = OpenForAppend(active.Path, FileMode.Open);
        try
        {
            RecoverTail(id, active, file, logger);
        }
        catch (Exception)
        {
            file.Dispose();
            throw;
        }

        return new Partition(id, directory, segments, file, logger);
    }

    private static List<Segment> ListSegments(string directory)
    {
        var segments = new List<Segment>();
        foreach (var path in System.IO.Directory.EnumerateFiles(directory, "*.seg"))
        {
            if (!Segment.TryParseFileName(Path.GetFileName(path), out var baseOffset))
            {
                throw new LogCorruptException($"Unexpected file {path} in a log partition: its name is not a segment base offset.");
            }

            segments.Add(new Segment(baseOffset, path));
        }

        segments.Sort((a, b) => a.BaseOffset.CompareTo(b.BaseOffset));
        return segments;
    }

    private static long VerifyClosed(Segment segment)
    {
        using var file = File.OpenHandle(segment.Path, FileMode.Open, FileAccess.Read, FileShare.Read);
        var scan = SegmentScanner.Scan(file);
        if (scan.Problem is not null)
        {
            throw new LogCorruptException(
                $"Closed segment {segment.Path} is damaged at file position {scan.ValidLength} ({scan.Problem}); records after it cannot be trusted and are not dropped silently.");
        }

        return scan.NewestTimestampMs ?? 0;
    }

    /// <summary>Cuts the active segment back to its last intact record (torn-tail recovery).</summary>
    private static void RecoverTail(int id, Segment active, Microsoft.Win32.SafeHandles.SafeFileHandle file, ILogger logger)
    {
        var fileLength = RandomAccess.GetLength(file);
        var scan = SegmentScanner.Scan(file);
        active.Length = scan.ValidLength;
        active.NewestTimestampMs = scan.NewestTimestampMs
            ?? new DateTimeOffset(File.GetLastWriteTimeUtc(active.Path)).ToUnixTimeMilliseconds();
        if (scan.Problem is null)
        {
            return;
        }

        EmbeddedLogEvents.TornTailTruncated(logger, id, active.Path, scan.ValidLength, fileLength, scan.Problem);
        RandomAccess.SetLength(file, scan.ValidLength);
        RandomAccess.FlushToDisk(file);
    }
}
