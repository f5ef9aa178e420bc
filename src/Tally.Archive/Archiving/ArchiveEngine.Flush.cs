using Tally.Archive.Diagnostics;
using Tally.Archive.Layout;
using Tally.Archive.Parquet;
using Tally.Core.Encoding;

namespace Tally.Archive.Archiving;

internal sealed partial class ArchiveEngine
{
    /// <summary>
    /// Writes the buffer's events as one file per UTC (day, hour) of event time, named by the
    /// buffer's offset range, in the crash-safe order: manifest, files, archive marks, offset
    /// commit, manifest deletion. On failure the engine must be <see cref="Reset"/>.
    /// </summary>
    private async Task FlushAsync(PartitionBuffer buffer, CancellationToken cancellationToken)
    {
        long started = timeProvider.GetTimestamp();
        var hours = GroupByHour(buffer);
        var files = hours.Select(h => (Key: new ArchiveFileKey(h.Key.Day, h.Key.Hour, buffer.Partition, buffer.FirstOffset, buffer.NextOffset), Events: h.Value)).ToList();
        if (files.Count > 0)
        {
            var pending = new PendingFlush(buffer.Partition, buffer.FirstOffset, buffer.NextOffset, [.. files.Select(f => f.Key.Key)]);
            await pending.StoreAsync(store, cancellationToken);
            foreach (var (key, events) in files)
            {
                using var content = new MemoryStream();
                await EventParquetWriter.WriteAsync(events, content, cancellationToken);
                content.Position = 0;
                await store.PutAsync(key.Key, content, cancellationToken);
            }
            await viewStore.MarkArchivedAsync([.. files.Select(f => f.Key.Day).Distinct()], cancellationToken);
        }
        await consumer.CommitAsync(new Dictionary<int, long> { [buffer.Partition] = buffer.NextOffset }, cancellationToken);
        if (files.Count > 0)
        {
            await store.DeleteAsync(ArchiveLayout.PendingManifestKey(buffer.Partition), cancellationToken);
        }
        int eventCount = files.Sum(f => f.Events.Count);
        metrics.Flushed(buffer.Records.Count, eventCount, files.Count, timeProvider.GetElapsedTime(started));
        logger.Flushed(buffer.Partition, buffer.FirstOffset, buffer.NextOffset, eventCount, files.Count);
        buffer.Clear();
    }

    private SortedDictionary<(DateOnly Day, int Hour), List<ArchivedEvent>> GroupByHour(PartitionBuffer buffer)
    {
        var hours = new SortedDictionary<(DateOnly Day, int Hour), List<ArchivedEvent>>();
        foreach (var record in buffer.Records)
        {
            List<Core.Events.TallyEvent> events;
            try
            {
                events = EventBatchReader.Decode(record.Payload);
            }
            catch (InvalidDataException e)
            {
                // Not a batch this version can read: archiving the rest beats stalling the partition forever.
                metrics.RecordSkipped();
                logger.RecordSkipped(e, buffer.Partition, record.Offset);
                continue;
            }
            foreach (var tallyEvent in events)
            {
                var hour = ArchiveLayout.HourOf(tallyEvent.EventTime);
                if (!hours.TryGetValue(hour, out var list))
                {
                    hours[hour] = list = [];
                }
                list.Add(new ArchivedEvent(tallyEvent, buffer.Partition, record.Offset));
            }
        }
        return hours;
    }
}
