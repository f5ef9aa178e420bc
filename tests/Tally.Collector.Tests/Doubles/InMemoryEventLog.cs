using Tally.Log;

namespace Tally.Collector.Tests.Doubles;

/// <summary>
/// Stand-in for the embedded log until it is merged: records live in memory, "committed" the
/// moment they are appended. One consumer per group, owning every partition.
/// </summary>
public sealed class InMemoryEventLog(int partitionCount = 4) : IEventLog
{
    private readonly List<LogRecord>[] _partitions = Enumerable.Range(0, partitionCount).Select(_ => new List<LogRecord>()).ToArray();
    private readonly Dictionary<(string Group, int Partition), long> _committed = [];
    private readonly Lock _lock = new();

    public int PartitionCount => partitionCount;

    public ValueTask<LogPosition> AppendAsync(int partition, ReadOnlyMemory<byte> record, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(partition);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(partition, partitionCount);
        lock (_lock)
        {
            var records = _partitions[partition];
            long offset = records.Count;
            // Copy: the caller's buffer is pooled and reused after the append completes.
            records.Add(new LogRecord(partition, offset, offset + 1, DateTimeOffset.UtcNow, record.ToArray()));
            return ValueTask.FromResult(new LogPosition(partition, offset));
        }
    }

    public ILogConsumer Subscribe(string group) => new Consumer(this, group);

    public ValueTask<PartitionBounds> GetBoundsAsync(int partition, CancellationToken cancellationToken = default)
    {
        lock (_lock)
        {
            return ValueTask.FromResult(new PartitionBounds(0, _partitions[partition].Count));
        }
    }

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    private sealed class Consumer(InMemoryEventLog log, string group) : ILogConsumer
    {
        private readonly long[] _positions = new long[log.PartitionCount];

        public string Group => group;

        public IReadOnlyCollection<int> Assignment => Enumerable.Range(0, log.PartitionCount).ToArray();

        public ValueTask<IReadOnlyList<LogRecord>> FetchAsync(int maxRecords, TimeSpan maxWait, CancellationToken cancellationToken = default)
        {
            var fetched = new List<LogRecord>();
            lock (log._lock)
            {
                for (int p = 0; p < log.PartitionCount && fetched.Count < maxRecords; p++)
                {
                    var records = log._partitions[p];
                    while (_positions[p] < records.Count && fetched.Count < maxRecords)
                    {
                        fetched.Add(records[(int)_positions[p]++]);
                    }
                }
            }
            return ValueTask.FromResult<IReadOnlyList<LogRecord>>(fetched);
        }

        public void Seek(int partition, long offset) => _positions[partition] = offset;

        public ValueTask CommitAsync(IReadOnlyDictionary<int, long> nextOffsets, CancellationToken cancellationToken = default)
        {
            lock (log._lock)
            {
                foreach (var (partition, offset) in nextOffsets)
                {
                    log._committed[(group, partition)] = offset;
                }
            }
            return ValueTask.CompletedTask;
        }

        public ValueTask<long?> GetCommittedAsync(int partition, CancellationToken cancellationToken = default)
        {
            lock (log._lock)
            {
                return ValueTask.FromResult<long?>(log._committed.TryGetValue((group, partition), out long offset) ? offset : null);
            }
        }

        public ValueTask DisposeAsync() => ValueTask.CompletedTask;
    }
}
