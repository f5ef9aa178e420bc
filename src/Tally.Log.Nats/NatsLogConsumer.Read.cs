using System.Diagnostics;
using NATS.Client.Core;
using NATS.Client.JetStream;
using NATS.Client.JetStream.Models;

namespace Tally.Log.Nats;

internal sealed partial class NatsLogConsumer
{
    // The server deletes a reader after this long without a fetch: readers left behind by a seek,
    // a rebalance or a crash cost nothing for long. Reused only while well within it.
    private static readonly TimeSpan ReaderInactiveThreshold = TimeSpan.FromMinutes(1);
    private static readonly TimeSpan ReaderReuseLimit = ReaderInactiveThreshold / 2;

    private async Task<List<LogRecord>> ReadAvailableAsync(int maxRecords, CancellationToken cancellationToken)
    {
        (int Partition, PartitionCursor Cursor)[] from;
        lock (group.Gate)
        {
            from = [.. _assignment.Select(p => (p, _cursors[p]))];
        }

        var records = new List<LogRecord>();
        for (var i = 0; i < from.Length && records.Count < maxRecords; i++)
        {
            var (partition, cursor) = from[(_firstPartitionIndex + i) % from.Length];
            var firstNew = records.Count;
            PartitionCursor? after = null;
            try
            {
                after = await ReadPartitionAsync(partition, cursor, maxRecords - records.Count, records, cancellationToken).ConfigureAwait(false);
            }
            finally
            {
                lock (group.Gate)
                {
                    if (_cursors.TryGetValue(partition, out var current) && ReferenceEquals(current, cursor))
                    {
                        // A failed read may have moved the server-side reader past records it did not return.
                        _cursors[partition] = after ?? cursor with { Reader = null };
                    }
                    else
                    {
                        // Seek or rebalance meanwhile: these records are no longer where this member reads.
                        records.RemoveRange(firstNew, records.Count - firstNew);
                    }
                }
            }
        }

        _firstPartitionIndex++;
        return records;
    }

    /// <summary>Reads what the partition holds now from the cursor on, without waiting; returns the cursor after it.</summary>
    private async Task<PartitionCursor> ReadPartitionAsync(int partition, PartitionCursor cursor, int maxRecords, List<LogRecord> into, CancellationToken cancellationToken)
    {
        try
        {
            var position = cursor.Position ?? await group.ResumePositionAsync(partition, cancellationToken).ConfigureAwait(false);
            // Taken before a reader is created: a reconnect during the creation makes the next read create another.
            var epoch = group.Log.ConnectionEpoch;
            // A reader from an earlier connection may be gone with a restarted server, and fetching from a consumer
            // that no longer exists returns nothing rather than failing: the partition would stall.
            var reader = cursor.Reader is not null && cursor.ReaderEpoch == epoch && Stopwatch.GetElapsedTime(cursor.ReaderUsedAt) < ReaderReuseLimit
                ? cursor.Reader
                : await CreateReaderAsync(partition, position, cancellationToken).ConfigureAwait(false);
            var fetch = new NatsJSFetchOpts { MaxMsgs = maxRecords };
            await foreach (var message in reader.FetchNoWaitAsync<byte[]>(fetch, cancellationToken: cancellationToken).ConfigureAwait(false))
            {
                var metadata = message.Metadata
                    ?? throw new LogException($"Partition {partition}: a record arrived without its JetStream metadata (reply subject {message.ReplyTo}).");
                var offset = (long)metadata.Sequence.Stream;
                into.Add(new LogRecord(partition, offset, offset + 1, metadata.Timestamp, message.Data ?? []));
                position = offset + 1;
            }

            return new PartitionCursor(position, reader, Stopwatch.GetTimestamp(), epoch);
        }
        catch (NatsException ex) when (!cancellationToken.IsCancellationRequested)
        {
            throw group.Log.Unavailable($"reading partition {partition}", ex);
        }
    }

    private async Task<INatsJSConsumer> CreateReaderAsync(int partition, long position, CancellationToken cancellationToken)
    {
        var config = new ConsumerConfig
        {
            DeliverPolicy = ConsumerConfigDeliverPolicy.ByStartSequence,
            // Sequences start at 1; an offset below the oldest record starts at the oldest record.
            OptStartSeq = (ulong)Math.Max(position, 1),
            // Progress is the member's own cursor and the group's committed offsets, not acks.
            AckPolicy = ConsumerConfigAckPolicy.None,
            InactiveThreshold = ReaderInactiveThreshold,
            MemStorage = true,
        };
        return await group.Log.JetStream.CreateOrUpdateConsumerAsync(group.Log.Names.Stream(partition), config, cancellationToken).ConfigureAwait(false);
    }
}
