using System.Diagnostics;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Tally.Core.Views;
using Tally.Log;
using Tally.Speed.Aggregation;
using Tally.Speed.Diagnostics;

namespace Tally.Speed.Processing;

/// <summary>
/// Exactly-once processing of the partitions one consumer is assigned. The view store's speed
/// checkpoint is the truth: for each partition, views include every record before offset V, and
/// a state snapshot was taken at offset S ≤ V. Starting a partition restores the snapshot, reads
/// from S, and replays records up to V with output suppressed (they are already counted), then
/// counts normally. Each commit merges the deltas since the last one and moves V in one view-store
/// transaction. When anything fails, <see cref="Reset"/> drops all uncommitted work and the next
/// <see cref="SyncAssignmentAsync"/> restores from the checkpoint: nothing is lost or counted twice,
/// including when a failed commit actually landed. Not thread-safe: one loop drives it.
/// </summary>
public sealed class SpeedEngine(
    SpeedOptions options,
    IViewStore viewStore,
    IEventLog log,
    ILogConsumer consumer,
    SpeedMetrics? metrics = null,
    ILogger? logger = null)
{
    private readonly ILogger _logger = logger ?? NullLogger.Instance;
    private readonly Dictionary<int, PartitionProcessor> _processors = [];
    private readonly Dictionary<int, long> _committed = [];
    private readonly Dictionary<int, long> _snapshotted = [];
    private readonly ViewDeltas _deltas = new();
    private readonly PartitionRuns _runs = new();
    private bool _restoreAll = true;

    /// <summary>The partitions being processed, by partition.</summary>
    public IReadOnlyDictionary<int, PartitionProcessor> Processors => _processors;

    /// <summary>For each partition, the offset the views include records before.</summary>
    public IReadOnlyDictionary<int, long> CommittedOffsets => _committed;

    /// <summary>Whether there are processed records not yet committed.</summary>
    public bool HasUncommittedWork => _processors.Any(p => p.Value.NextOffset > _committed.GetValueOrDefault(p.Key, long.MinValue));

    /// <summary>
    /// Brings the processors in line with the consumer's assignment: partitions no longer assigned
    /// are committed and dropped, new ones (or all, after <see cref="Reset"/>) restored from the checkpoint.
    /// </summary>
    public async Task SyncAssignmentAsync(CancellationToken cancellationToken)
    {
        var assigned = consumer.Assignment.ToHashSet();
        if (!_restoreAll && assigned.SetEquals(_processors.Keys))
        {
            return;
        }
        if (!_restoreAll && _processors.Keys.Any(p => !assigned.Contains(p)))
        {
            // Hand released partitions over with everything counted, so their next owner starts where we stopped.
            await CommitAsync(withSnapshots: true, cancellationToken);
        }
        if (_restoreAll)
        {
            _processors.Clear();
            _committed.Clear();
            _snapshotted.Clear();
            _deltas.Clear();
        }
        foreach (int released in _processors.Keys.Where(p => !assigned.Contains(p)).ToList())
        {
            _processors.Remove(released);
            _committed.Remove(released);
            _snapshotted.Remove(released);
        }
        var added = assigned.Where(p => !_processors.ContainsKey(p)).Order().ToList();
        if (added.Count > 0)
        {
            var checkpoint = await viewStore.LoadSpeedCheckpointAsync(options.ConsumerGroup, cancellationToken);
            foreach (int partition in added)
            {
                await RestoreAsync(partition, checkpoint, cancellationToken);
            }
        }
        _restoreAll = false;
        _logger.Assigned(options.ConsumerGroup, string.Join(',', assigned.Order()));
    }

    private async Task RestoreAsync(int partition, SpeedCheckpoint checkpoint, CancellationToken cancellationToken)
    {
        var bounds = await log.GetBoundsAsync(partition, cancellationToken);
        bool hasSnapshot = checkpoint.Snapshots.TryGetValue(partition, out var snapshot);
        var processor = hasSnapshot
            ? PartitionProcessor.Restore(partition, options, snapshot!)
            : new PartitionProcessor(partition, options, bounds.Start);
        long readFrom = processor.NextOffset;
        if (readFrom < bounds.Start)
        {
            // Retention removed records after the snapshot: the state misses them, but counting goes on.
            _logger.SnapshotBeyondRetention(partition, readFrom, bounds.Start);
            processor = new PartitionProcessor(partition, options, bounds.Start);
            readFrom = bounds.Start;
        }
        long viewOffset = checkpoint.Offsets.TryGetValue(partition, out long v) ? v : readFrom;
        consumer.Seek(partition, readFrom);
        _processors[partition] = processor;
        _committed[partition] = viewOffset;
        _snapshotted[partition] = hasSnapshot ? snapshot!.Offset : long.MinValue;
        _logger.PartitionRestored(partition, readFrom, hasSnapshot, viewOffset);
    }

    /// <summary>
    /// Processes fetched records, one partition at a time (see <see cref="PartitionRuns"/>). Records the
    /// views already include (before the committed offset) only rebuild state; the others add to the
    /// deltas of the next commit.
    /// </summary>
    public void Process(IReadOnlyList<LogRecord> records)
    {
        ArgumentNullException.ThrowIfNull(records);
        long replayed = 0;
        foreach (var record in _runs.Of(records))
        {
            if (!_processors.TryGetValue(record.Partition, out var processor) || record.Offset < processor.NextOffset)
            {
                // Fetched before a seek or rebalance: not where this partition reads now.
                continue;
            }
            bool alreadyCounted = record.NextOffset <= _committed[record.Partition];
            processor.Process(record, alreadyCounted ? null : _deltas);
            if (alreadyCounted)
            {
                replayed++;
                processor.Counters.Reset();
            }
        }
        metrics?.RecordsReplayed(replayed);
        foreach (var processor in _processors.Values)
        {
            metrics?.Record(processor.Counters);
        }
    }

    /// <summary>
    /// Commits the deltas and offsets since the last commit (and snapshots, when asked) in one
    /// view-store transaction. On failure the engine must be <see cref="Reset"/>: whether the
    /// commit landed is unknown, and only the checkpoint can tell.
    /// </summary>
    public async Task CommitAsync(bool withSnapshots, CancellationToken cancellationToken)
    {
        var offsets = new Dictionary<int, long>();
        var snapshots = new Dictionary<int, StateSnapshot>();
        foreach (var (partition, processor) in _processors)
        {
            long committed = _committed[partition];
            if (processor.NextOffset > committed)
            {
                offsets[partition] = processor.NextOffset;
            }
            // During replay the state is behind the views; a snapshot there is valid but gains nothing.
            if (withSnapshots && processor.NextOffset >= committed && processor.NextOffset != _snapshotted[partition])
            {
                snapshots[partition] = processor.Snapshot();
            }
        }
        if (offsets.Count == 0 && snapshots.Count == 0)
        {
            return;
        }
        var started = Stopwatch.GetTimestamp();
        await viewStore.CommitSpeedAsync(new SpeedCommit(options.ConsumerGroup, _deltas.ToCells(), offsets, snapshots), cancellationToken);
        metrics?.CommitCompleted(Stopwatch.GetElapsedTime(started));
        _deltas.Clear();
        foreach (var (partition, offset) in offsets)
        {
            _committed[partition] = offset;
        }
        foreach (var (partition, snapshot) in snapshots)
        {
            _snapshotted[partition] = snapshot.Offset;
        }
    }

    /// <summary>Drops all uncommitted work; the next <see cref="SyncAssignmentAsync"/> restores every partition from the checkpoint.</summary>
    public void Reset()
    {
        _restoreAll = true;
        _deltas.Clear();
    }
}
