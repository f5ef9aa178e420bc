namespace Tally.Log;

/// <summary>
/// Seam 1: a partitioned, durable, append-only log of opaque records (embedded, NATS
/// JetStream or Kafka). Offsets are per partition, increase with every record, and are
/// otherwise opaque: a consumer only ever stores a record's <see cref="LogRecord.NextOffset"/>.
/// </summary>
/// <remarks>
/// "Appended" and "committed" differ: a record is appended once the log has accepted it and
/// committed once it survives a crash of the process and the machine (fsync, or replication
/// for distributed engines). Only <see cref="AppendAsync"/>'s completion means committed,
/// and only then may a producer acknowledge the data to anyone.
/// </remarks>
public interface IEventLog : IAsyncDisposable
{
    /// <summary>Number of partitions; fixed for the life of the log.</summary>
    int PartitionCount { get; }

    /// <summary>
    /// Appends <paramref name="record"/> to <paramref name="partition"/> and completes once it is
    /// committed. Concurrent appends are committed together (group commit).
    /// </summary>
    /// <exception cref="LogUnavailableException">The record could not be made durable; it may or may not be in the log.</exception>
    ValueTask<LogPosition> AppendAsync(int partition, ReadOnlyMemory<byte> record, CancellationToken cancellationToken = default);

    /// <summary>
    /// Joins consumer group <paramref name="group"/>. Members of one group share the partitions;
    /// each member starts a partition at the group's committed offset, or at the oldest
    /// retained record when the group has none.
    /// </summary>
    ILogConsumer Subscribe(string group);

    /// <summary>The oldest retained and the next-to-be-written offset of a partition (for lag).</summary>
    ValueTask<PartitionBounds> GetBoundsAsync(int partition, CancellationToken cancellationToken = default);
}
