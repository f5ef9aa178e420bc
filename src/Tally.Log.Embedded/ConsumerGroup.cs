namespace Tally.Log.Embedded;

/// <summary>
/// The members of one consumer group in this process and the group's committed offsets.
/// Partition p belongs to member p mod n in join order; every join and leave rebalances.
/// </summary>
internal sealed class ConsumerGroup
{
    private readonly List<EmbeddedLogConsumer> _members = [];
    private readonly GroupOffsetFile _offsetFile;
    private readonly Dictionary<int, long> _committed;
    // One offsets-file write at a time, so the file never goes back to an older state.
    private readonly SemaphoreSlim _saving = new(1, 1);

    public ConsumerGroup(EmbeddedEventLog log, string name, GroupOffsetFile offsetFile)
    {
        Log = log;
        Name = name;
        _offsetFile = offsetFile;
        _committed = offsetFile.Load();
    }

    public EmbeddedEventLog Log { get; }

    public string Name { get; }

    /// <summary>Guards membership, assignments, member positions and the committed offsets.</summary>
    public Lock Gate { get; } = new();

    public EmbeddedLogConsumer Join()
    {
        EmbeddedLogConsumer member;
        lock (Gate)
        {
            member = new EmbeddedLogConsumer(this);
            _members.Add(member);
            Rebalance();
        }

        Log.Committed.Pulse();
        return member;
    }

    public void Leave(EmbeddedLogConsumer member)
    {
        lock (Gate)
        {
            _members.Remove(member);
            Rebalance();
        }

        // Wakes the other members (they may own more partitions now) and the leaver's own fetch.
        Log.Committed.Pulse();
    }

    public long? GetCommitted(int partition)
    {
        lock (Gate)
        {
            return _committed.TryGetValue(partition, out var offset) ? offset : null;
        }
    }

    /// <summary>Where a member that takes over <paramref name="partition"/> starts reading.</summary>
    public long ResumePosition(int partition) =>
        GetCommitted(partition) ?? Log.GetPartition(partition).StartOffset;

    public async ValueTask CommitAsync(IReadOnlyDictionary<int, long> nextOffsets, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(nextOffsets);
        foreach (var (partition, offset) in nextOffsets)
        {
            Log.GetPartition(partition);
            ArgumentOutOfRangeException.ThrowIfNegative(offset, nameof(nextOffsets));
        }

        await _saving.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            Dictionary<int, long> updated;
            lock (Gate)
            {
                updated = new Dictionary<int, long>(_committed);
            }

            foreach (var (partition, offset) in nextOffsets)
            {
                updated[partition] = offset;
            }

            // Durable first: readers of GetCommitted never see an offset a crash would take back.
            await _offsetFile.SaveAsync(updated, cancellationToken).ConfigureAwait(false);
            lock (Gate)
            {
                foreach (var (partition, offset) in nextOffsets)
                {
                    _committed[partition] = offset;
                }
            }
        }
        finally
        {
            _saving.Release();
        }
    }

    private void Rebalance()
    {
        for (var i = 0; i < _members.Count; i++)
        {
            var index = i;
            _members[i].Assign([.. Enumerable.Range(0, Log.PartitionCount).Where(p => p % _members.Count == index)]);
        }
    }
}
