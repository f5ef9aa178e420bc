using NATS.Client.Core;
using NATS.Client.JetStream;

namespace Tally.Log.Nats;

public sealed partial class NatsEventLog
{
    /// <summary>Publishes to the partition's stream and completes when the stream acknowledged (stored) it.</summary>
    public ValueTask<LogPosition> AppendAsync(int partition, ReadOnlyMemory<byte> record, CancellationToken cancellationToken = default) =>
        PublishAsync(partition, record, deduplicationId: null, cancellationToken);

    /// <summary>
    /// Publishes each record as <see cref="AppendAsync"/> does, with its <see cref="LogAppend.DeduplicationId"/> as the
    /// message id: a record a retried request sends again within the stream's duplicate window is stored once, so the
    /// partitions that had succeeded before the request failed do not hold its events twice.
    /// </summary>
    public async ValueTask AppendAllAsync(IReadOnlyList<LogAppend> appends, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(appends);
        var pending = new Task[appends.Count];
        for (int i = 0; i < appends.Count; i++)
        {
            pending[i] = PublishAsync(appends[i].Partition, appends[i].Record, appends[i].DeduplicationId, cancellationToken).AsTask();
        }
        // Waits for every append, failed or not: the callers' buffers must outlive them all.
        await Task.WhenAll(pending).ConfigureAwait(false);
    }

    private async ValueTask<LogPosition> PublishAsync(int partition, ReadOnlyMemory<byte> record, string? deduplicationId, CancellationToken cancellationToken)
    {
        CheckPartition(partition);
        StartAppend();
        // While the client reconnects it holds publishes back; the caller needs an answer in bounded time.
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(_options.RequestTimeout);
        try
        {
            await ReadyAsync(timeout.Token).ConfigureAwait(false);
            var options = deduplicationId is null ? null : new NatsJSPubOpts { MsgId = deduplicationId };
            var ack = await _js.PublishAsync(_names.Subject(partition), record, opts: options, cancellationToken: timeout.Token).ConfigureAwait(false);
            // A repeat of a stored id is acknowledged as a duplicate with the first copy's sequence: stored, once.
            if (ack is not { Error: null, Duplicate: true })
            {
                ack.EnsureSuccess();
            }
            return new LogPosition(partition, (long)ack.Seq);
        }
        catch (Exception ex) when (ex is NatsException or OperationCanceledException && !cancellationToken.IsCancellationRequested)
        {
            NatsLogEvents.AppendFailed(_logger, ex, partition);
            throw Unavailable($"appending to partition {partition}", ex);
        }
        finally
        {
            EndAppend();
        }
    }

    /// <summary>Counts the append so <see cref="DisposeAsync"/> waits for it, or refuses it after dispose.</summary>
    private void StartAppend()
    {
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            _appendsInFlight++;
        }
    }

    private void EndAppend()
    {
        lock (_gate)
        {
            if (--_appendsInFlight == 0)
            {
                _appendsDrained?.TrySetResult();
            }
        }
    }
}
