namespace Tally.Log;

/// <summary>A committed record read back from the log.</summary>
/// <param name="NextOffset">The offset to resume from after this record.</param>
/// <param name="AppendedAt">When the log accepted the record (log clock, UTC).</param>
public readonly record struct LogRecord(
    int Partition,
    long Offset,
    long NextOffset,
    DateTimeOffset AppendedAt,
    ReadOnlyMemory<byte> Payload);

/// <summary>Where an appended record landed.</summary>
public readonly record struct LogPosition(int Partition, long Offset);

/// <summary>Offsets of a partition: the oldest retained record and the next offset to be written.</summary>
public readonly record struct PartitionBounds(long Start, long End);
