using NATS.Client.Core;
using NATS.Client.JetStream;

namespace Tally.Log.Nats;

public sealed partial class NatsEventLog
{
    /// <summary>Publishes to the partition's stream and completes when the stream acknowledged (stored) it.</summary>
    public async ValueTask<LogPosition> AppendAsync(int partition, ReadOnlyMemory<byte> record, CancellationToken cancellationToken = default)
    {
        CheckPartition(partition);
        StartAppend();
        // While the client reconnects it holds publishes back; the caller needs an answer in bounded time.
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(_options.RequestTimeout);
        try
        {
            await ReadyAsync(timeout.Token).ConfigureAwait(false);
            var ack = await _js.PublishAsync(_names.Subject(partition), record, cancellationToken: timeout.Token).ConfigureAwait(false);
            ack.EnsureSuccess();
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
