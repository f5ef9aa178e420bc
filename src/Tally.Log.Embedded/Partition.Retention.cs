namespace Tally.Log.Embedded;

internal sealed partial class Partition
{
    /// <summary>
    /// Deletes closed segments, oldest first, while the oldest is older than
    /// <paramref name="oldestKeptMs"/> or the partition holds more than <paramref name="maxBytes"/>.
    /// The active segment is never deleted. Returns the number of segments deleted.
    /// </summary>
    public int EnforceRetention(long oldestKeptMs, long maxBytes)
    {
        var doomed = new List<Segment>();
        lock (_gate)
        {
            var total = _segments.Sum(s => s.Length);
            while (_segments.Count > 1)
            {
                var oldest = _segments[0];
                if (oldest.NewestTimestampMs >= oldestKeptMs && total <= maxBytes)
                {
                    break;
                }

                _segments.RemoveAt(0);
                total -= oldest.Length;
                doomed.Add(oldest);
            }
        }

        // Readers holding a segment open keep reading it; new readers start at the new start.
        foreach (var segment in doomed)
        {
            File.Delete(segment.Path);
            EmbeddedLogEvents.SegmentDeleted(_logger, Id, segment.BaseOffset, segment.Length);
        }

        return doomed.Count;
    }
}
