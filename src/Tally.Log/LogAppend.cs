namespace Tally.Log;

/// <summary>One record of <see cref="IEventLog.AppendAllAsync"/>: where it goes and its bytes (unchanged until the append completes).</summary>
public readonly record struct LogAppend(int Partition, ReadOnlyMemory<byte> Record);
