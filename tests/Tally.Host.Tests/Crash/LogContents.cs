using Tally.Core.Encoding;
using Tally.Core.Events;
using Tally.Log;
using Tally.Log.Embedded;

namespace Tally.Host.Tests.Crash;

/// <summary>Reads back every event a stopped Tally left in its embedded log.</summary>
internal static class LogContents
{
    /// <summary>
    /// Opens <c>DATA/log</c> as the host does (default options: the host binds an empty
    /// <c>Tally:Log</c> section here) and decodes every record up to each partition's end.
    /// </summary>
    public static async Task<List<TallyEvent>> ReadEventsAsync(string dataDirectory, CancellationToken cancellationToken) =>
        (await ReadAsync(dataDirectory, cancellationToken)).Events;

    /// <summary>
    /// As <see cref="ReadEventsAsync"/>, with each partition's bounds. Within a partition the
    /// events are in log order.
    /// </summary>
    public static async Task<(List<TallyEvent> Events, PartitionBounds[] Bounds)> ReadAsync(string dataDirectory, CancellationToken cancellationToken)
    {
        await using var log = await EmbeddedEventLog.OpenAsync(
            new EmbeddedLogOptions { Directory = Path.Combine(dataDirectory, "log") }, cancellationToken: cancellationToken);
        var bounds = new PartitionBounds[log.PartitionCount];
        var next = new long[log.PartitionCount];
        for (int partition = 0; partition < bounds.Length; partition++)
        {
            bounds[partition] = await log.GetBoundsAsync(partition, cancellationToken);
            next[partition] = bounds[partition].Start;
        }

        await using var consumer = log.Subscribe("crash-test-check");
        var events = new List<TallyEvent>();
        while (Enumerable.Range(0, bounds.Length).Any(partition => next[partition] < bounds[partition].End))
        {
            // Everything is committed already, so a working log answers at once; the wait is only a generous bound.
            var records = await consumer.FetchAsync(10_000, TimeSpan.FromSeconds(5), cancellationToken);
            if (records.Count == 0)
            {
                var behind = Enumerable.Range(0, bounds.Length).Where(partition => next[partition] < bounds[partition].End)
                    .Select(partition => $"partition {partition} read to {next[partition]} of {bounds[partition]}");
                throw new InvalidOperationException($"The log returned fewer records than its bounds promise: {string.Join("; ", behind)}.");
            }
            foreach (var record in records)
            {
                events.AddRange(EventBatchReader.Decode(record.Payload));
                next[record.Partition] = record.NextOffset;
            }
        }
        return (events, bounds);
    }
}
