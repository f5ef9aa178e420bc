namespace Tally.Log;

/// <summary>One member of a consumer group.</summary>
public interface ILogConsumer : IAsyncDisposable
{
    string Group { get; }

    /// <summary>The partitions this member reads now. May change when members join or leave.</summary>
    IReadOnlyCollection<int> Assignment { get; }

    /// <summary>
    /// Returns up to <paramref name="maxRecords"/> committed records from the assigned partitions,
    /// in offset order within each partition, waiting up to <paramref name="maxWait"/> for the
    /// first one. Returns an empty list when none arrived in time.
    /// </summary>
    ValueTask<IReadOnlyList<LogRecord>> FetchAsync(int maxRecords, TimeSpan maxWait, CancellationToken cancellationToken = default);

    /// <summary>
    /// Moves this member's read position in <paramref name="partition"/>, e.g. to offsets a
    /// stage stored itself together with its results (exactly-once processing).
    /// </summary>
    void Seek(int partition, long offset);

    /// <summary>Durably records, for the group, the offset to resume each partition from.</summary>
    ValueTask CommitAsync(IReadOnlyDictionary<int, long> nextOffsets, CancellationToken cancellationToken = default);

    /// <summary>The group's committed offset for <paramref name="partition"/>, or null when it has none.</summary>
    ValueTask<long?> GetCommittedAsync(int partition, CancellationToken cancellationToken = default);
}
