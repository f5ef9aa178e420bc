using Tally.Log;

namespace Tally.Archive.Archiving;

/// <summary>
/// The records of one partition read since its last flush, kept encoded (a copy: the log may
/// reuse its buffers) so that a buffer costs what the log stores, not decoded objects.
/// </summary>
internal sealed class PartitionBuffer(int partition, long position)
{
    private readonly List<BufferedRecord> _records = [];

    public int Partition { get; } = partition;

    /// <summary>The committed offset: where the buffered range starts.</summary>
    public long FirstOffset { get; private set; } = position;

    /// <summary>Where the next record of this partition is expected.</summary>
    public long NextOffset { get; private set; } = position;

    /// <summary>When the first buffered record arrived (a <see cref="TimeProvider"/> timestamp).</summary>
    public long StartedAt { get; private set; }

    public IReadOnlyList<BufferedRecord> Records => _records;

    public void Add(LogRecord record, long timestamp)
    {
        if (_records.Count == 0)
        {
            StartedAt = timestamp;
        }
        _records.Add(new BufferedRecord(record.Offset, record.Payload.ToArray()));
        NextOffset = record.NextOffset;
    }

    /// <summary>Starts the next range after a flush committed this one.</summary>
    public void Clear()
    {
        _records.Clear();
        FirstOffset = NextOffset;
    }
}

internal readonly record struct BufferedRecord(long Offset, byte[] Payload);
