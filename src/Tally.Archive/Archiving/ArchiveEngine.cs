using Microsoft.Extensions.Logging;
using Tally.Archive.Diagnostics;
using Tally.Core.Archive;
using Tally.Core.Views;
using Tally.Log;

namespace Tally.Archive.Archiving;

/// <summary>
/// Exactly-once archiving of the partitions one consumer is assigned. The log group's committed
/// offset is the truth: the archive holds every record before it, once. A flush stores a pending
/// manifest, the files, marks their days archived, commits the offset and deletes the manifest;
/// on (re)start a manifest left behind is either finished (offset committed) or rolled back
/// (files deleted, records read again), see <see cref="RecoverAsync"/>. When anything fails,
/// <see cref="Reset"/> drops all buffers and the next <see cref="SyncAssignmentAsync"/> recovers
/// every partition. Not thread-safe: one loop drives it.
/// </summary>
internal sealed partial class ArchiveEngine(
    ArchiverOptions options,
    IEventLog log,
    ILogConsumer consumer,
    IObjectStore store,
    IViewStore viewStore,
    ArchiveMetrics metrics,
    TimeProvider timeProvider,
    ILogger logger)
{
    private readonly Dictionary<int, PartitionBuffer> _buffers = [];
    private bool _recoverAll = true;

    /// <summary>The buffers of the assigned partitions, by partition.</summary>
    public IReadOnlyDictionary<int, PartitionBuffer> Buffers => _buffers;

    /// <summary>
    /// Brings the buffers in line with the consumer's assignment. A released partition's buffer is
    /// dropped unflushed: its next owner reads it from the committed offset. New partitions (all,
    /// after <see cref="Reset"/>) are recovered and read from their committed offset.
    /// </summary>
    public async Task SyncAssignmentAsync(CancellationToken cancellationToken)
    {
        var assigned = consumer.Assignment.ToHashSet();
        if (!_recoverAll && assigned.SetEquals(_buffers.Keys))
        {
            return;
        }
        if (_recoverAll)
        {
            _buffers.Clear();
        }
        foreach (int released in _buffers.Keys.Where(p => !assigned.Contains(p)).ToList())
        {
            _buffers.Remove(released);
        }
        foreach (int partition in assigned.Where(p => !_buffers.ContainsKey(p)).Order())
        {
            long position = await RecoverAsync(partition, cancellationToken);
            consumer.Seek(partition, position);
            _buffers[partition] = new PartitionBuffer(partition, position);
        }
        _recoverAll = false;
        logger.Assigned(options.ConsumerGroup, string.Join(',', assigned.Order()));
    }

    /// <summary>Buffers fetched records; records from before a seek or of released partitions are ignored.</summary>
    public void Buffer(IReadOnlyList<LogRecord> records)
    {
        long now = timeProvider.GetTimestamp();
        foreach (var record in records)
        {
            if (_buffers.TryGetValue(record.Partition, out var buffer) && record.Offset >= buffer.NextOffset)
            {
                buffer.Add(record, now);
            }
        }
    }

    /// <summary>Flushes every buffer that is full or has waited <see cref="ArchiverOptions.FlushInterval"/>.</summary>
    public async Task FlushDueAsync(CancellationToken cancellationToken)
    {
        foreach (var buffer in _buffers.Values)
        {
            bool due = buffer.Records.Count >= options.FlushMaxRecords
                || (buffer.Records.Count > 0 && timeProvider.GetElapsedTime(buffer.StartedAt) >= options.FlushInterval);
            if (due)
            {
                await FlushAsync(buffer, cancellationToken);
            }
        }
    }

    /// <summary>Flushes every non-empty buffer (at shutdown).</summary>
    public async Task FlushAllAsync(CancellationToken cancellationToken)
    {
        foreach (var buffer in _buffers.Values.Where(b => b.Records.Count > 0))
        {
            await FlushAsync(buffer, cancellationToken);
        }
    }

    /// <summary>Drops all uncommitted work; the next <see cref="SyncAssignmentAsync"/> recovers every partition.</summary>
    public void Reset()
    {
        _buffers.Clear();
        _recoverAll = true;
    }
}
