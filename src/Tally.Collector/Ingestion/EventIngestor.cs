using System.Data.Common;
using System.IO.Hashing;
using System.Runtime.InteropServices;
using Microsoft.Extensions.Logging;
using Tally.Collector.Diagnostics;
using Tally.Collector.Parsing;
using Tally.Core.DeadLetters;
using Tally.Core.Encoding;
using Tally.Core.Events;
using Tally.Log;

namespace Tally.Collector.Ingestion;

/// <summary>
/// Makes a normalised request durable: its dead letters, then its events as one log record per
/// partition, all partitions appended concurrently. Completes only when everything is committed,
/// so that the caller may acknowledge.
/// </summary>
public sealed class EventIngestor(
    IEventLog log,
    IDeadLetterStore deadLetters,
    CollectorMetrics metrics,
    TimeProvider time,
    ILogger<EventIngestor> logger)
{
    // Encoded size of a typical mobile event (ids, context strings, small properties); a first guess that rarely regrows.
    private const int ExpectedEncodedEventBytes = 384;

    /// <exception cref="IngestionUnavailableException">The log or the dead-letter store is unavailable; nothing may be acknowledged.</exception>
    public async Task IngestAsync(string appId, NormalisedRequest request, CancellationToken cancellationToken)
    {
        // Dead letters first: if the store fails, the client retries a request none of whose
        // events reached the log, so a retry never appends an event twice.
        if (request.Rejected.Count > 0)
        {
            await StoreDeadLettersAsync(appId, request, cancellationToken);
        }
        if (request.Accepted.Count > 0)
        {
            await AppendAsync(appId, request.Accepted);
        }
    }

    private async Task StoreDeadLettersAsync(string appId, NormalisedRequest request, CancellationToken cancellationToken)
    {
        var letters = request.Rejected.Select(r => r.Letter).ToArray();
        try
        {
            await deadLetters.AddAsync(letters, cancellationToken);
        }
        // The store's own failures (SQLite, PostgreSQL, disk); anything else is a bug and must surface.
        catch (Exception e) when (e is DbException or IOException or TimeoutException)
        {
            logger.DeadLetterStoreUnavailable(e, letters.Length, appId);
            throw new IngestionUnavailableException("The dead-letter store is unavailable.", e);
        }
        foreach (var letter in letters)
        {
            metrics.EventRejected(letter.Reason);
        }
        logger.EventsDeadLettered(letters.Length, request.Accepted.Count + letters.Length, appId, letters[0].Reason.Code());
    }

    private async Task AppendAsync(string appId, IReadOnlyList<TallyEvent> events)
    {
        var groups = GroupByPartition(appId, events, log.PartitionCount);
        var records = new PooledBufferWriter[groups.Count];
        try
        {
            // Encode everything before the first append starts, so that buffers are only
            // returned (finally) once no append can still be reading them.
            for (int i = 0; i < groups.Count; i++)
            {
                records[i] = new PooledBufferWriter(ExpectedEncodedEventBytes * groups[i].Events.Count);
                EventBatchWriter.Write(records[i], groups[i].Events);
            }
            long started = time.GetTimestamp();
            var appends = new LogAppend[groups.Count];
            for (int i = 0; i < groups.Count; i++)
            {
                appends[i] = new LogAppend(groups[i].Partition, records[i].WrittenMemory, DeduplicationIdOf(appId, groups[i].Events));
            }
            // All or nothing where the log can: after a 503 the client sends the whole request again, and
            // the partitions that had succeeded would hold its events twice. Never cancelled: cancelling stops
            // the wait, not the append, and the log may still be reading the pooled record buffers, which must
            // not go back to the pool before the appends complete.
            await log.AppendAllAsync(appends, CancellationToken.None);
            metrics.AppendCompleted(time.GetElapsedTime(started));
        }
        catch (LogUnavailableException e)
        {
            logger.LogUnavailable(e, events.Count, appId);
            throw new IngestionUnavailableException("The event log is unavailable.", e);
        }
        finally
        {
            foreach (var record in records)
            {
                record?.Dispose();
            }
        }
        metrics.EventsAccepted(events.Count);
        logger.EventsAppended(events.Count, appId, groups.Count);
    }

    /// <summary>
    /// The same for a record of the same events, as a client's retry of a refused request sends them: a log that
    /// remembers recent ids (NATS) then stores again only the records that had not been stored.
    /// </summary>
    private static string DeduplicationIdOf(string appId, List<TallyEvent> events)
    {
        var hash = new XxHash128();
        Span<byte> separator = [0x1F];
        hash.Append(MemoryMarshal.AsBytes(appId.AsSpan()));
        foreach (var e in events)
        {
            hash.Append(separator);
            hash.Append(MemoryMarshal.AsBytes(e.MessageId.AsSpan()));
        }
        return Convert.ToHexString(hash.GetCurrentHash());
    }

    private static List<(int Partition, List<TallyEvent> Events)> GroupByPartition(string appId, IReadOnlyList<TallyEvent> events, int partitionCount)
    {
        var byPartition = new List<TallyEvent>?[partitionCount];
        var groups = new List<(int, List<TallyEvent>)>();
        string? lastUser = null;
        int partition = 0;
        foreach (var e in events)
        {
            // A batch is mostly one device's events: hash each run of one user's events once.
            if (!string.Equals(e.User, lastUser, StringComparison.Ordinal))
            {
                lastUser = e.User;
                partition = EventPartitioner.PartitionFor(appId, lastUser, partitionCount);
            }
            if (byPartition[partition] is not { } group)
            {
                group = byPartition[partition] = [];
                groups.Add((partition, group));
            }
            group.Add(e);
        }
        return groups;
    }
}
