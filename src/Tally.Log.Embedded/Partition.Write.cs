namespace Tally.Log.Embedded;

// Writer-loop side: write a group (appended), fsync it, then publish it (committed).
internal sealed partial class Partition
{
    /// <summary>
    /// Writes one group of framed records at the committed end, first closing the active segment
    /// if it reached <paramref name="segmentBytes"/>. The bytes are appended, not committed:
    /// call <see cref="Flush"/> and then <see cref="Publish"/>.
    /// </summary>
    public void WriteAppended(ReadOnlySpan<byte> frames, long segmentBytes, long timestampMs)
    {
        Segment active;
        lock (_gate)
        {
            active = _segments[^1];
        }

        if (active.Length >= segmentBytes)
        {
            active = Roll(active, timestampMs);
        }

        RandomAccess.Write(_activeFile, frames, CommittedEnd - active.BaseOffset);
    }

    public void Flush() => RandomAccess.FlushToDisk(_activeFile);

    /// <summary>Makes a flushed group visible to readers: the committed end moves to <paramref name="newEnd"/>.</summary>
    public void Publish(long newEnd, long timestampMs)
    {
        lock (_gate)
        {
            var active = _segments[^1];
            active.Length = newEnd - active.BaseOffset;
            active.NewestTimestampMs = timestampMs;
        }

        Volatile.Write(ref _committedEnd, newEnd);
    }

    /// <summary>After a failed write or fsync, cuts the active segment back to the committed end.</summary>
    public void DiscardAppended()
    {
        long activeBase;
        lock (_gate)
        {
            activeBase = _segments[^1].BaseOffset;
        }

        try
        {
            RandomAccess.SetLength(_activeFile, CommittedEnd - activeBase);
            RandomAccess.FlushToDisk(_activeFile);
        }
        catch (IOException ex)
        {
            // Harmless if it stays: the next group overwrites from the committed end, readers never
            // look past it, and recovery cuts it as a torn tail.
            EmbeddedLogEvents.DiscardFailed(_logger, ex, Id);
        }
    }

    // The closed segment's groups were all fsynced before, which keeps the torn-tail invariant.
    private Segment Roll(Segment full, long timestampMs)
    {
        var next = new Segment(full.EndOffset, Path.Combine(Directory, Segment.FileName(full.EndOffset)))
        {
            NewestTimestampMs = timestampMs,
        };
        var file = OpenForAppend(next.Path, FileMode.CreateNew);
        // The new file's directory entry must be durable before records in it are acknowledged.
        DirectorySync.Flush(Directory);
        lock (_gate)
        {
            _segments.Add(next);
        }

        _activeFile.Dispose();
        _activeFile = file;
        EmbeddedLogEvents.SegmentRolled(_logger, Id, next.BaseOffset);
        return next;
    }
}
