namespace Tally.Log;

/// <summary>One record of <see cref="IEventLog.AppendAllAsync"/>: where it goes and its bytes (unchanged until the append completes).</summary>
/// <param name="DeduplicationId">
/// The same for the same record sent again, e.g. derived from its events' ids, or null. An engine that remembers
/// recent ids stores a repeat once (NATS JetStream, within the stream's duplicate window); the others ignore it.
/// </param>
public readonly record struct LogAppend(int Partition, ReadOnlyMemory<byte> Record, string? DeduplicationId = null);
