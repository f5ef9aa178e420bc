using System.Buffers;
using System.Threading.Channels;

namespace Tally.Log.Embedded;

// Append path: producers enqueue, one writer loop commits groups. A group commits entirely or not at all.
public sealed partial class EmbeddedEventLog
{
    /// <summary>
    /// Appends waiting for their group. Bounded so that memory held by uncommitted payloads
    /// stays capped and producers feel back-pressure when the disk is slower than ingestion;
    /// 16 Ki records of a few KiB each is tens of MiB at most.
    /// </summary>
    private const int AppendQueueCapacity = 16 * 1024;

    /// <summary>A group closes at this size so one fsync (and one buffer rental) stays bounded.</summary>
    private const long MaxGroupBytes = 8L * 1024 * 1024;

    /// <summary>
    /// Appends <paramref name="record"/> and completes once it is committed (fsynced together
    /// with every other append of the same group). Cancelling stops the wait, not the append:
    /// the record may still be committed.
    /// </summary>
    public ValueTask<LogPosition> AppendAsync(int partition, ReadOnlyMemory<byte> record, CancellationToken cancellationToken = default)
    {
        ObjectDisposedException.ThrowIf(IsDisposed, this);
        GetPartition(partition);
        if (record.Length > RecordFormat.MaxPayloadBytes)
        {
            throw new ArgumentException($"A record holds at most {RecordFormat.MaxPayloadBytes} bytes; this one has {record.Length}.", nameof(record));
        }

        if (cancellationToken.IsCancellationRequested)
        {
            return ValueTask.FromCanceled<LogPosition>(cancellationToken);
        }

        var request = new AppendRequest(partition, record);
        if (!_appends.Writer.TryWrite(request))
        {
            return EnqueueSlowAsync(request, cancellationToken);
        }

        return cancellationToken.CanBeCanceled
            ? new ValueTask<LogPosition>(request.Task.WaitAsync(cancellationToken))
            : new ValueTask<LogPosition>(request.Task);
    }

    /// <summary>
    /// Appends <paramref name="appends"/> all or nothing: they go into one group, so either all are committed or none
    /// is in the log (a group with a failed partition is cut back everywhere). A producer that answers "retry" after a
    /// failure thus never leaves part of a request behind for the retry to append twice.
    /// Cancelling stops the wait, not the append.
    /// </summary>
    public async ValueTask AppendAllAsync(IReadOnlyList<LogAppend> appends, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(appends);
        ObjectDisposedException.ThrowIf(IsDisposed, this);
        var requests = new AppendRequest[appends.Count];
        AppendRequest? next = null;
        for (var i = appends.Count - 1; i >= 0; i--)
        {
            // Its groups are all or nothing already: a retried request leaves nothing a deduplication id would catch.
            var (partition, record, _) = appends[i];
            GetPartition(partition);
            if (record.Length > RecordFormat.MaxPayloadBytes)
            {
                throw new ArgumentException($"A record holds at most {RecordFormat.MaxPayloadBytes} bytes; record {i} has {record.Length}.", nameof(appends));
            }

            next = requests[i] = new AppendRequest(partition, record) { Next = next };
        }

        if (next is null)
        {
            return;
        }

        cancellationToken.ThrowIfCancellationRequested();
        // Only the first goes into the queue: the writer takes the chain from it into one group.
        if (!_appends.Writer.TryWrite(next))
        {
            await WriteToQueueAsync(next, cancellationToken).ConfigureAwait(false);
        }

        await Task.WhenAll(requests.Select(r => r.Task)).WaitAsync(cancellationToken).ConfigureAwait(false);
    }

    private async ValueTask<LogPosition> EnqueueSlowAsync(AppendRequest request, CancellationToken cancellationToken)
    {
        await WriteToQueueAsync(request, cancellationToken).ConfigureAwait(false);
        return await request.Task.WaitAsync(cancellationToken).ConfigureAwait(false);
    }

    private async ValueTask WriteToQueueAsync(AppendRequest request, CancellationToken cancellationToken)
    {
        try
        {
            await _appends.Writer.WriteAsync(request, cancellationToken).ConfigureAwait(false);
        }
        catch (ChannelClosedException ex) when (ex.InnerException is null)
        {
            throw new ObjectDisposedException(nameof(EmbeddedEventLog), ex);
        }
        catch (ChannelClosedException ex)
        {
            throw new LogUnavailableException("The log writer stopped; reopen the log.", ex.InnerException);
        }
    }

    private async Task RunWriterAsync()
    {
        var reader = _appends.Reader;
        var group = new List<AppendRequest>();
        var byPartition = new List<AppendRequest>[_partitions.Length];
        for (var p = 0; p < byPartition.Length; p++)
        {
            byPartition[p] = [];
        }

        try
        {
            while (await reader.WaitToReadAsync().ConfigureAwait(false))
            {
                long groupBytes = 0;
                // A group may pass MaxGroupBytes by one all-or-nothing append, which is never split.
                while (groupBytes < MaxGroupBytes && reader.TryRead(out var first))
                {
                    for (var request = first; request is not null; request = request.Next)
                    {
                        group.Add(request);
                        groupBytes += request.FramedSize;
                    }
                }

                CommitGroup(group, byPartition);
                group.Clear();
            }
        }
        catch (Exception ex)
        {
            // A bug, not an I/O failure (those are handled per partition): fail everyone waiting
            // instead of leaving them hanging, and refuse further appends.
            EmbeddedLogEvents.WriterFaulted(_logger, ex);
            _appends.Writer.TryComplete(ex);
            var failure = new LogUnavailableException("The log writer stopped; reopen the log.", ex);
            group.ForEach(r => r.TrySetException(failure));
            while (reader.TryRead(out var first))
            {
                for (var request = first; request is not null; request = request.Next)
                {
                    request.TrySetException(failure);
                }
            }

            throw;
        }
    }

    /// <summary>
    /// Commits one group: writes each partition's records (appended), fsyncs every partition
    /// written to, then publishes the committed ends and completes the waiters. All or nothing: if
    /// any partition's write or fsync fails (a full disk), every partition of the group is cut back
    /// to its committed end before anything is published, and every waiter gets
    /// <see cref="LogUnavailableException"/>, so no <see cref="AppendAllAsync"/> is left half
    /// committed. Later groups are unaffected.
    /// </summary>
    private void CommitGroup(List<AppendRequest> group, List<AppendRequest>[] byPartition)
    {
        var timestampMs = _options.TimeProvider.GetUtcNow().ToUnixTimeMilliseconds();
        foreach (var request in group)
        {
            byPartition[request.Partition].Add(request);
        }

        var written = new List<int>(byPartition.Length);
        for (var p = 0; p < byPartition.Length; p++)
        {
            if (byPartition[p].Count > 0 && TryWriteAppended(_partitions[p], byPartition[p], timestampMs))
            {
                written.Add(p);
            }
        }

        // Partitions are separate files: fsync them in parallel, so a group costs about one
        // fsync's latency rather than one per partition (the file system can share a journal commit).
        var flushed = new bool[written.Count];
        Parallel.For(0, written.Count, i => flushed[i] = TryFlush(_partitions[written[i]], byPartition[written[i]]));
        var committed = written.Where((_, i) => flushed[i]).ToList();
        if (committed.Count < byPartition.Count(r => r.Count > 0))
        {
            var failure = new LogUnavailableException("Another partition of the same commit group could not make its records durable; none of the group was committed.");
            committed.ForEach(p => FailAppended(_partitions[p], byPartition[p], failure));
            committed.Clear();
        }

        foreach (var p in committed)
        {
            var partition = _partitions[p];
            var position = partition.CommittedEnd;
            foreach (var request in byPartition[p])
            {
                request.Position = new LogPosition(p, position);
                position += request.FramedSize;
            }

            partition.Publish(position, timestampMs);
        }

        // Wake readers before producers, so whoever hears "committed" can also read it.
        Committed.Pulse();
        foreach (var p in committed)
        {
            byPartition[p].ForEach(r => r.TrySetResult(r.Position));
        }

        foreach (var requests in byPartition)
        {
            requests.Clear();
        }
    }

    private bool TryWriteAppended(Partition partition, List<AppendRequest> requests, long timestampMs)
    {
        var size = requests.Sum(r => r.FramedSize);
        var frames = ArrayPool<byte>.Shared.Rent(checked((int)size));
        try
        {
            var offset = 0;
            foreach (var request in requests)
            {
                RecordFormat.Write(frames.AsSpan(offset), timestampMs, request.Payload.Span);
                offset += (int)request.FramedSize;
            }

            partition.WriteAppended(frames.AsSpan(0, offset), _options.SegmentBytes, timestampMs);
            return true;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            FailAppended(partition, requests, ex);
            return false;
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(frames);
        }
    }

    private bool TryFlush(Partition partition, List<AppendRequest> requests)
    {
        try
        {
            partition.Flush();
            return true;
        }
        catch (IOException ex)
        {
            FailAppended(partition, requests, ex);
            return false;
        }
    }

    private void FailAppended(Partition partition, List<AppendRequest> requests, Exception cause)
    {
        EmbeddedLogEvents.AppendFailed(_logger, cause, partition.Id, requests.Count);
        partition.DiscardAppended();
        var failure = new LogUnavailableException($"Partition {partition.Id} could not make the records durable: {cause.Message}", cause);
        requests.ForEach(r => r.TrySetException(failure));
    }
}
