using System.Diagnostics;

namespace Tally.Log.Embedded;

/// <summary>
/// A member of a consumer group of the embedded log. Call <see cref="FetchAsync"/> from one
/// reader at a time; <see cref="Seek"/>, commits and rebalances may happen concurrently.
/// </summary>
internal sealed class EmbeddedLogConsumer(ConsumerGroup group) : ILogConsumer
{
    // Guarded by group.Gate. Null position = resume from the group's committed offset.
    private Dictionary<int, long?> _positions = [];
    private int[] _assignment = [];
    private int _disposed;

    // Rotates the partition read first, so one busy partition cannot starve the others.
    private int _firstPartitionIndex;

    public string Group => group.Name;

    public IReadOnlyCollection<int> Assignment
    {
        get
        {
            lock (group.Gate)
            {
                return _assignment;
            }
        }
    }

    /// <summary>Called by the group, under its lock; keeps positions of partitions still owned.</summary>
    internal void Assign(int[] partitions)
    {
        _positions = partitions.ToDictionary(p => p, p => _positions.GetValueOrDefault(p));
        _assignment = partitions;
    }

    public async ValueTask<IReadOnlyList<LogRecord>> FetchAsync(int maxRecords, TimeSpan maxWait, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxRecords, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxWait, TimeSpan.Zero);
        var started = Stopwatch.GetTimestamp();
        while (true)
        {
            ThrowIfDisposed();
            cancellationToken.ThrowIfCancellationRequested();
            // Taken before reading, so a commit that lands after the read still wakes us.
            var nextCommit = group.Log.Committed.Next;
            var records = ReadCommitted(maxRecords);
            var remaining = maxWait - Stopwatch.GetElapsedTime(started);
            if (records.Count > 0 || remaining <= TimeSpan.Zero)
            {
                return records;
            }

            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(remaining);
            await nextCommit.WaitAsync(timeout.Token).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }
    }

    private List<LogRecord> ReadCommitted(int maxRecords)
    {
        (int Partition, long? Position)[] from;
        lock (group.Gate)
        {
            from = [.. _assignment.Select(p => (p, _positions[p]))];
        }

        var records = new List<LogRecord>();
        var moved = new List<(int Partition, long? From, long To)>();
        for (var i = 0; i < from.Length && records.Count < maxRecords; i++)
        {
            var (partition, position) = from[(_firstPartitionIndex + i) % from.Length];
            var start = position ?? group.ResumePosition(partition);
            var end = group.Log.GetPartition(partition).Read(start, maxRecords - records.Count, records);
            if (end != start)
            {
                moved.Add((partition, position, end));
            }
        }

        _firstPartitionIndex++;
        lock (group.Gate)
        {
            foreach (var (partition, position, end) in moved)
            {
                if (_positions.TryGetValue(partition, out var current) && current == position)
                {
                    _positions[partition] = end;
                }
                else
                {
                    // Seek or rebalance meanwhile: these records are no longer where this member reads.
                    records.RemoveAll(r => r.Partition == partition);
                }
            }
        }

        return records;
    }

    /// <summary>Sets the read position of an assigned partition (an offset the log handed out).</summary>
    public void Seek(int partition, long offset)
    {
        ThrowIfDisposed();
        var end = group.Log.GetPartition(partition).CommittedEnd;
        ArgumentOutOfRangeException.ThrowIfNegative(offset);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(offset, end);
        lock (group.Gate)
        {
            if (!_positions.ContainsKey(partition))
            {
                throw new InvalidOperationException($"Partition {partition} is not assigned to this member of group {Group}.");
            }

            _positions[partition] = offset;
        }
    }

    public ValueTask CommitAsync(IReadOnlyDictionary<int, long> nextOffsets, CancellationToken cancellationToken = default)
    {
        ThrowIfDisposed();
        return group.CommitAsync(nextOffsets, cancellationToken);
    }

    public ValueTask<long?> GetCommittedAsync(int partition, CancellationToken cancellationToken = default)
    {
        ThrowIfDisposed();
        group.Log.GetPartition(partition);
        return ValueTask.FromResult(group.GetCommitted(partition));
    }

    public ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 0 && !group.Log.IsDisposed)
        {
            group.Leave(this);
        }

        return ValueTask.CompletedTask;
    }

    private void ThrowIfDisposed()
    {
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
        ObjectDisposedException.ThrowIf(group.Log.IsDisposed, group.Log);
    }
}
