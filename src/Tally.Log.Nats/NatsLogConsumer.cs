using System.Diagnostics;

namespace Tally.Log.Nats;

/// <summary>
/// A member of a consumer group of the NATS log. Call <see cref="FetchAsync"/> from one reader at
/// a time; <see cref="Seek"/>, commits and rebalances may happen concurrently.
/// </summary>
internal sealed partial class NatsLogConsumer(NatsConsumerGroup group, string id) : ILogConsumer
{
    // Guarded by group.Gate. A cursor is replaced, never changed, so a read can tell whether a
    // seek or rebalance happened meanwhile (reference comparison).
    private Dictionary<int, PartitionCursor> _cursors = [];
    private int[] _assignment = [];
    private int _disposed;

    // Rotates the partition read first, so one busy partition cannot starve the others.
    private int _firstPartitionIndex;

    public string Id { get; } = id;

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

    /// <summary>Called by the group, under its lock; keeps cursors of partitions still owned. False when nothing changed.</summary>
    internal bool Assign(int[] partitions)
    {
        if (partitions.SequenceEqual(_assignment))
        {
            return false;
        }

        _cursors = partitions.ToDictionary(p => p, p => _cursors.GetValueOrDefault(p) ?? PartitionCursor.AtCommitted);
        _assignment = partitions;
        return true;
    }

    public async ValueTask<IReadOnlyList<LogRecord>> FetchAsync(int maxRecords, TimeSpan maxWait, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxRecords, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxWait, TimeSpan.Zero);
        ThrowIfDisposed();
        var started = Stopwatch.GetTimestamp();
        await group.WaitForMembershipAsync(Max(maxWait, group.Log.Options.RequestTimeout), cancellationToken).ConfigureAwait(false);
        while (true)
        {
            ThrowIfDisposed();
            cancellationToken.ThrowIfCancellationRequested();
            // Taken before reading, so a record stored after the read still wakes us.
            var appended = group.Log.Appended.Next;
            var records = await ReadAvailableAsync(maxRecords, cancellationToken).ConfigureAwait(false);
            var remaining = maxWait - Stopwatch.GetElapsedTime(started);
            if (records.Count > 0 || remaining <= TimeSpan.Zero)
            {
                return records;
            }

            await Task.WhenAny(appended, Task.Delay(remaining, cancellationToken)).ConfigureAwait(false);
        }
    }

    /// <summary>Sets the read position of an assigned partition (an offset the log handed out).</summary>
    public void Seek(int partition, long offset)
    {
        ThrowIfDisposed();
        group.Log.CheckPartition(partition);
        ArgumentOutOfRangeException.ThrowIfNegative(offset);
        lock (group.Gate)
        {
            if (!_cursors.ContainsKey(partition))
            {
                throw new InvalidOperationException($"Partition {partition} is not assigned to this member of group {Group}.");
            }

            _cursors[partition] = PartitionCursor.At(offset);
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
        return group.GetCommittedAsync(partition, cancellationToken);
    }

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 0 && !group.Log.IsDisposed)
        {
            await group.LeaveAsync(this).ConfigureAwait(false);
        }
    }

    private void ThrowIfDisposed()
    {
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
        ObjectDisposedException.ThrowIf(group.Log.IsDisposed, group.Log);
    }

    private static TimeSpan Max(TimeSpan a, TimeSpan b) => a > b ? a : b;
}
