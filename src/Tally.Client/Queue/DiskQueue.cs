using System.Buffers;
using System.Globalization;

namespace Tally.Client.Queue;

/// <summary>
/// The persistent queue: append-only segment files of framed records (<see cref="RecordFraming"/>)
/// named by the sequence number of their first record, plus the read cursor (<see cref="CursorFile"/>).
/// Records below the cursor are delivered or dropped; a segment whose successor starts at or
/// below the cursor holds only such records and is deleted.
/// </summary>
/// <remarks>
/// After a restart, appends always go to a new segment, so a torn tail left by a kill stays
/// the last thing in its own segment and is skipped on every later recovery. Not thread-safe:
/// the owner serialises calls.
/// </remarks>
internal sealed class DiskQueue : IDisposable
{
    private const string SegmentExtension = ".seg";

    /// <summary>Segments roll at 1 MiB: small enough that delivered data is freed soon, big enough to keep file counts low.</summary>
    internal const long SegmentBytes = 1024 * 1024;

    private readonly string _directory;
    private readonly CursorFile _cursor;
    private readonly FileStream _lock;
    private readonly SortedSet<long> _segments;
    private readonly bool _flushToDisk;
    private FileStream? _current;

    private DiskQueue(string directory, FileStream directoryLock, CursorFile cursor, SortedSet<long> segments, bool flushToDisk)
    {
        _directory = directory;
        _flushToDisk = flushToDisk;
        _lock = directoryLock;
        _cursor = cursor;
        _segments = segments;
    }

    /// <summary>The committed-read cursor: every record below it was delivered or dropped.</summary>
    public long Cursor => _cursor.Value;

    /// <summary>
    /// Opens the queue in <paramref name="directory"/> and returns every record at or above the
    /// cursor, in order. Torn or corrupt tails are skipped and reported through <paramref name="tornSegments"/>.
    /// Appends and cursor writes are forced to the device (fsync) unless <paramref name="flushToDisk"/>
    /// is false, which leaves them to the OS (see <see cref="TallyClientOptions.FlushToDisk"/>).
    /// </summary>
    /// <exception cref="IOException">Another client holds the directory.</exception>
    public static DiskQueue Open(string directory, out List<QueuedEvent> pending, out int tornSegments, bool flushToDisk = true)
    {
        Directory.CreateDirectory(directory);
        // FileShare.None: a second client on the same directory would interleave sequence numbers.
        var directoryLock = new FileStream(Path.Combine(directory, "lock"), FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
        CursorFile? cursor = null;
        try
        {
            cursor = CursorFile.Open(Path.Combine(directory, "cursor"), flushToDisk);
            var segments = new SortedSet<long>();
            foreach (var path in Directory.EnumerateFiles(directory, "*" + SegmentExtension))
            {
                if (long.TryParse(Path.GetFileNameWithoutExtension(path), NumberStyles.None, CultureInfo.InvariantCulture, out long first))
                {
                    segments.Add(first);
                }
            }
            var queue = new DiskQueue(directory, directoryLock, cursor, segments, flushToDisk);
            pending = queue.Recover(out tornSegments);
            return queue;
        }
        catch
        {
            cursor?.Dispose();
            directoryLock.Dispose();
            throw;
        }
    }

    private List<QueuedEvent> Recover(out int tornSegments)
    {
        tornSegments = 0;
        var pending = new List<QueuedEvent>();
        long next = Cursor;
        foreach (long first in _segments.ToArray())
        {
            byte[] bytes = File.ReadAllBytes(SegmentPath(first));
            var (records, intactBytes) = RecordFraming.ReadAll(bytes);
            if (intactBytes < bytes.Length)
            {
                tornSegments++;
            }
            if (records.Count == 0)
            {
                Delete(first);
                continue;
            }
            // Strictly increasing: a write retried after an I/O error may have stored a record twice.
            foreach (var record in records.Where(r => r.Sequence >= next))
            {
                pending.Add(record);
                next = record.Sequence + 1;
            }
        }
        DeleteConsumedSegments();
        return pending;
    }

    /// <summary>Appends <paramref name="events"/> and flushes them to the device (fsync, unless turned off), so they survive a kill or power loss.</summary>
    public void Append(IReadOnlyList<QueuedEvent> events)
    {
        if (events.Count == 0)
        {
            return;
        }
        var file = _current ??= StartSegment(events[0].Sequence);
        int total = events.Sum(RecordFraming.FrameLength);
        byte[] buffer = ArrayPool<byte>.Shared.Rent(total);
        try
        {
            int offset = 0;
            foreach (var e in events)
            {
                int length = RecordFraming.FrameLength(e);
                RecordFraming.Write(e, buffer.AsSpan(offset, length));
                offset += length;
            }
            file.Write(buffer, 0, total);
            file.Flush(flushToDisk: _flushToDisk);
        }
        catch (IOException)
        {
            // Disk full or the like: the segment may end in a partial frame. Close it; the retry
            // reopens it through StartSegment, which cuts the partial frame off first.
            file.Dispose();
            _current = null;
            throw;
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
        if (file.Length >= SegmentBytes)
        {
            file.Dispose();
            _current = null;
        }
    }

    /// <summary>Moves the cursor to <paramref name="sequence"/> (records below it are done) and frees whole segments below it.</summary>
    public void Commit(long sequence)
    {
        if (sequence <= Cursor)
        {
            return;
        }
        _cursor.Write(sequence);
        DeleteConsumedSegments();
    }

    /// <summary>Opens the segment starting at <paramref name="firstSequence"/>, cutting off a partial frame left by a failed write.</summary>
    private FileStream StartSegment(long firstSequence)
    {
        string path = SegmentPath(firstSequence);
        int intactBytes = File.Exists(path) ? RecordFraming.ReadAll(File.ReadAllBytes(path)).IntactBytes : 0;
        var file = new FileStream(path, FileMode.OpenOrCreate, FileAccess.Write, FileShare.Read);
        file.SetLength(intactBytes);
        file.Seek(0, SeekOrigin.End);
        _segments.Add(firstSequence);
        return file;
    }

    private void DeleteConsumedSegments()
    {
        var segments = _segments.ToArray();
        for (int i = 0; i + 1 < segments.Length && segments[i + 1] <= Cursor; i++)
        {
            Delete(segments[i]);
        }
    }

    private void Delete(long first)
    {
        File.Delete(SegmentPath(first));
        _segments.Remove(first);
    }

    private string SegmentPath(long first) =>
        Path.Combine(_directory, first.ToString("D19", CultureInfo.InvariantCulture) + SegmentExtension);

    public void Dispose()
    {
        _current?.Dispose();
        _cursor.Dispose();
        _lock.Dispose();
    }
}
