using System.Diagnostics;
using Confluent.Kafka;
using Microsoft.Extensions.Logging;

namespace Tally.Log.Kafka;

/// <summary>
/// A member of a Kafka consumer group. librdkafka's consumer must be polled from one thread,
/// and polling is also what takes part in rebalances; so each member owns a dedicated poll
/// thread (KafkaLogConsumer.Poll.cs) that runs every call on the Kafka consumer — consume,
/// seek, commit, close — and hands records to <see cref="FetchAsync"/> through a bounded buffer.
/// Every record carries the epoch of the read position it came from; a seek or a rebalance
/// starts a new epoch, so records buffered from an old position are never returned.
/// </summary>
internal sealed partial class KafkaLogConsumer : ILogConsumer
{
    private readonly KafkaEventLog _log;
    private readonly ILogger _logger;
    private readonly IConsumer<Null, byte[]> _consumer;

    // Guards the fields below. The poll thread waits on it (Monitor) when the buffer is full.
    private readonly object _gate = new();
    private readonly Queue<BufferedRecord> _buffer = new();
    private readonly Dictionary<int, PartitionState> _partitions = [];
    private readonly Dictionary<int, PendingSeek> _pendingSeeks = [];
    private readonly Queue<PendingCommit> _pendingCommits = new();
    private int[] _assignment = [];
    private long _lastEpoch;
    private bool _closing;
    private bool _brokersDown;
    private Exception? _fault;
    private TaskCompletionSource _changed = NewSignal();

    private readonly TaskCompletionSource _stopped = NewSignal();
    private long _assignmentCount;
    private int _disposeStarted;

    public KafkaLogConsumer(KafkaEventLog log, string group, ILogger logger)
    {
        _log = log;
        _logger = logger;
        Group = group;
        _consumer = new ConsumerBuilder<Null, byte[]>(KafkaClientConfigs.Consumer(log.Options, group))
            .SetPartitionsAssignedHandler((_, partitions) => OnAssigned(partitions))
            .SetPartitionsRevokedHandler((_, partitions) => OnRevoked(partitions.Select(p => p.TopicPartition)))
            .SetPartitionsLostHandler((_, partitions) => OnRevoked(partitions.Select(p => p.TopicPartition)))
            .SetErrorHandler((_, error) => OnError(error))
            .SetLogHandler((_, message) => KafkaEventLog.LogLibraryMessage(_logger, message))
            .Build();
    }

    public string Group { get; }

    public IReadOnlyCollection<int> Assignment
    {
        get
        {
            lock (_gate)
            {
                return _assignment;
            }
        }
    }

    /// <summary>How many assignments this member has received (see <see cref="KafkaGroupMembers"/>).</summary>
    internal long AssignmentCount => Interlocked.Read(ref _assignmentCount);

    /// <summary>True once the poll thread has left the group and ended.</summary>
    internal bool IsStopped => _stopped.Task.IsCompleted;

    /// <summary>
    /// Returns buffered records, waiting for them as the seam says. Returning empty also needs
    /// this member to have read everything committed when it gives up: records acknowledged
    /// before (or during) the wait but not fetched yet are waited for beyond
    /// <paramref name="maxWait"/> (the embedded log returns them at once), up to the request timeout.
    /// Whether the member is at the end is known from end-of-partition events and, since those
    /// are only as recent as the last fetch response, confirmed with the brokers' end offsets.
    /// </summary>
    public async ValueTask<IReadOnlyList<LogRecord>> FetchAsync(int maxRecords, TimeSpan maxWait, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxRecords, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxWait, TimeSpan.Zero);
        long started = Stopwatch.GetTimestamp();
        bool behind = false;
        while (true)
        {
            ThrowIfDisposed();
            cancellationToken.ThrowIfCancellationRequested();
            Task changed;
            List<LogRecord> records;
            Dictionary<int, long>? positions;
            bool brokersDown;
            lock (_gate)
            {
                if (_fault is not null)
                {
                    throw new LogUnavailableException($"The Kafka consumer of group '{Group}' failed.", _fault);
                }
                changed = _changed.Task;
                records = TakeBuffered(maxRecords);
                // Known only when every owned partition has reached its end since its last seek or assignment.
                positions = _partitions.Values.All(p => p.AtEnd) ? _partitions.ToDictionary(p => p.Key, p => p.Value.NextOffset) : null;
                brokersDown = _brokersDown;
            }
            if (records.Count > 0)
            {
                return records;
            }
            bool patient = behind || positions is null;
            var limit = patient ? Max(maxWait, _log.Options.RequestTimeout) : maxWait;
            var remaining = limit - Stopwatch.GetElapsedTime(started);
            if (remaining <= TimeSpan.Zero)
            {
                if (brokersDown)
                {
                    throw new LogUnavailableException($"No Kafka broker of {_log.Options.BootstrapServers} is reachable.");
                }
                if (patient || !await IsBehindAsync(positions!, cancellationToken).ConfigureAwait(false))
                {
                    return [];
                }
                behind = true;
                continue;
            }
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(remaining);
            await changed.WaitAsync(timeout.Token).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }
    }

    /// <summary>True when a partition's committed end lies beyond where this member has read.</summary>
    private async Task<bool> IsBehindAsync(Dictionary<int, long> positions, CancellationToken cancellationToken)
    {
        if (positions.Count == 0)
        {
            return false;
        }
        var ends = await _log.ListOffsetsAsync(positions.Keys, Confluent.Kafka.Admin.OffsetSpec.Latest(), cancellationToken).ConfigureAwait(false);
        return positions.Any(p => ends.TryGetValue(p.Key, out long end) && end > p.Value);
    }

    /// <summary>Takes up to <paramref name="maxRecords"/> records still valid for their partition's read position. Under <see cref="_gate"/>.</summary>
    private List<LogRecord> TakeBuffered(int maxRecords)
    {
        var records = new List<LogRecord>();
        while (records.Count < maxRecords && _buffer.TryDequeue(out var buffered))
        {
            if (_partitions.TryGetValue(buffered.Record.Partition, out var state) && state.RequestedEpoch == buffered.Epoch)
            {
                records.Add(buffered.Record);
            }
        }
        // The poll thread may be waiting for room.
        Monitor.PulseAll(_gate);
        return records;
    }

    /// <summary>Sets the read position of an assigned partition; applied by the poll thread before it fetches again.</summary>
    public void Seek(int partition, long offset)
    {
        ThrowIfDisposed();
        _log.ValidatePartition(partition);
        ArgumentOutOfRangeException.ThrowIfNegative(offset);
        lock (_gate)
        {
            if (!_partitions.TryGetValue(partition, out var state))
            {
                throw new InvalidOperationException($"Partition {partition} is not assigned to this member of group {Group}.");
            }
            state.RequestedEpoch = ++_lastEpoch;
            state.AtEnd = false;
            state.NextOffset = offset;
            _pendingSeeks[partition] = new PendingSeek(offset, state.RequestedEpoch);
            Monitor.PulseAll(_gate);
        }
    }

    /// <summary>Commits synchronously (Kafka's Commit) on the poll thread and completes when the broker stored the offsets.</summary>
    public async ValueTask CommitAsync(IReadOnlyDictionary<int, long> nextOffsets, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(nextOffsets);
        ThrowIfDisposed();
        foreach (var (partition, offset) in nextOffsets)
        {
            _log.ValidatePartition(partition, nameof(nextOffsets));
            ArgumentOutOfRangeException.ThrowIfNegative(offset, nameof(nextOffsets));
        }
        if (nextOffsets.Count == 0)
        {
            return;
        }
        var commit = new PendingCommit([.. nextOffsets.Select(o => new TopicPartitionOffset(_log.Topic, o.Key, o.Value))]);
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_closing, this);
            _pendingCommits.Enqueue(commit);
            Monitor.PulseAll(_gate);
        }
        await commit.Completion.Task.WaitAsync(cancellationToken).ConfigureAwait(false);
    }

    public async ValueTask<long?> GetCommittedAsync(int partition, CancellationToken cancellationToken = default)
    {
        ThrowIfDisposed();
        _log.ValidatePartition(partition);
        var request = new ConsumerGroupTopicPartitions(_log.Options.GroupIdFor(Group), [new TopicPartition(_log.Topic, partition)]);
        try
        {
            var results = await _log.Admin.ListConsumerGroupOffsetsAsync([request],
                new Confluent.Kafka.Admin.ListConsumerGroupOffsetsOptions { RequestTimeout = _log.Options.RequestTimeout, RequireStableOffsets = true })
                .WaitAsync(cancellationToken).ConfigureAwait(false);
            var committed = results.Single().Partitions.Single();
            if (committed.Error.IsError)
            {
                throw new KafkaException(committed.Error);
            }
            // librdkafka reports "no committed offset" as a negative offset (Offset.Unset).
            return committed.Offset.Value < 0 ? null : committed.Offset.Value;
        }
        catch (KafkaException e)
        {
            throw new LogUnavailableException($"Could not read the committed offset of group '{Group}' for partition {partition}: {e.Error.Reason}", e);
        }
    }

    /// <summary>Leaves the group (its partitions go to the other members, which this waits for when they are in this process).</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposeStarted, 1) != 0)
        {
            await _stopped.Task.ConfigureAwait(false);
            return;
        }
        TaskCompletionSource changed;
        lock (_gate)
        {
            _closing = true;
            changed = _changed;
            _changed = NewSignal();
            Monitor.PulseAll(_gate);
        }
        // Wakes waiting fetches, which then see the disposal.
        changed.TrySetResult();
        var peers = _log.Members.Leave(this);
        await _stopped.Task.ConfigureAwait(false);
        if (!_log.IsDisposed && !await _log.Members.WaitForPeersAsync(peers, _log.Options.RebalanceTimeout).ConfigureAwait(false))
        {
            KafkaLogEvents.RebalanceSlow(_logger, Group, _log.Options.RebalanceTimeout);
        }
    }

    private void ThrowIfDisposed()
    {
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposeStarted) != 0, this);
        ObjectDisposedException.ThrowIf(_log.IsDisposed, _log);
    }

    private static TimeSpan Max(TimeSpan a, TimeSpan b) => a > b ? a : b;

    private static TaskCompletionSource NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);
}
