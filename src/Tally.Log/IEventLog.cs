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
    /// Appends several records (to any partitions, e.g. one producer request's) and completes once all are committed.
    /// An engine that can commits them all or none (the embedded log: a failed request then leaves nothing a retry
    /// would append twice); by default each is appended as by <see cref="AppendAsync"/>, and a failure of one leaves
    /// the others committed. Cancelling stops the wait, not the appends.
    /// </summary>
    /// <exception cref="LogUnavailableException">Some record could not be made durable; the others may or may not be in the log.</exception>
    async ValueTask AppendAllAsync(IReadOnlyList<LogAppend> appends, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(appends);
        var pending = new Task[appends.Count];
        for (int i = 0; i < appends.Count; i++)
        {
            pending[i] = AppendOneAsync(this, appends[i], cancellationToken);
        }
        // Waits for every append, failed or not: the callers' buffers must outlive them all.
        await Task.WhenAll(pending).ConfigureAwait(false);

        // Async, so that a synchronous throw becomes a faulted task and the appends already started are still awaited.
        static async Task AppendOneAsync(IEventLog log, LogAppend append, CancellationToken cancellationToken) =>
            await log.AppendAsync(append.Partition, append.Record, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Joins consumer group <paramref name="group"/>. Members of one group share the partitions;
    /// each member starts a partition at the group's committed offset, or at the oldest
    /// retained record when the group has none.
    /// </summary>
    ILogConsumer Subscribe(string group);

    /// <summary>The oldest retained and the next-to-be-written offset of a partition (for lag).</summary>
    ValueTask<PartitionBounds> GetBoundsAsync(int partition, CancellationToken cancellationToken = default);
}
