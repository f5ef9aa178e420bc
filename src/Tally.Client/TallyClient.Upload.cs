using Tally.Client.Diagnostics;
using Tally.Client.Queue;
using Tally.Client.Upload;
using Tally.Client.Wire;

namespace Tally.Client;

public sealed partial class TallyClient
{
    private long _delivered;
    private long _droppedRejected;
    private long _droppedTooLarge;
    private long _failedUploads;

    /// <summary>Consecutive failed attempts; 0 when the last attempt succeeded. Loop-only.</summary>
    private int _failures;

    /// <summary>When the next retry is due, while <see cref="_failures"/> is above 0. Loop-only.</summary>
    private DateTimeOffset _retryAt;

    /// <summary>The batch size the collector accepts: halved on each 413 and kept, as the collector's limit does not change. Loop-only.</summary>
    private int _batchLimit;

    /// <summary>Sends the queue oldest first until it is empty or an attempt must be retried later.</summary>
    private async Task UploadAsync(CancellationToken cancellationToken)
    {
        if (_batchLimit == 0)
        {
            _batchLimit = _options.MaxBatchEvents;
        }
        while (!cancellationToken.IsCancellationRequested)
        {
            var batch = _queue.Peek(_batchLimit);
            if (batch.Count == 0)
            {
                // Nothing left to retry (dropped by the caps or rejected): the back-off is over.
                _failures = 0;
                return;
            }
            var outcome = await SendAsync(batch, cancellationToken).ConfigureAwait(false);
            long last = batch[^1].Sequence;
            switch (outcome.Verdict)
            {
                case UploadVerdict.Delivered:
                    _failures = 0;
                    Interlocked.Add(ref _delivered, _queue.RemoveThrough(last));
                    break;
                case UploadVerdict.TooLarge when batch.Count == 1:
                    Interlocked.Add(ref _droppedTooLarge, _queue.RemoveThrough(last));
                    _logger.EventTooLarge();
                    break;
                case UploadVerdict.TooLarge:
                    _batchLimit = batch.Count / 2;
                    _logger.BatchSplit(batch.Count, _batchLimit);
                    break;
                case UploadVerdict.Rejected:
                    Interlocked.Add(ref _droppedRejected, _queue.RemoveThrough(last));
                    _logger.BatchRejected(batch.Count, outcome.Status!.Value);
                    break;
                default:
                    _failures++;
                    var delay = _backoff.Next(_failures, outcome.RetryAfter);
                    _retryAt = _time.GetUtcNow() + delay;
                    // Counted once its retry is scheduled, so a failure the stats show is one whose retry time is set.
                    Interlocked.Increment(ref _failedUploads);
                    _logger.UploadFailed(outcome.Error, batch.Count, outcome.Status, _failures, delay);
                    return;
            }
        }
    }

    private async Task<UploadOutcome> SendAsync(List<QueuedEvent> batch, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, _batchUri)
        {
            // sentAt is the send time, not the enqueue time: the collector corrects clock skew with it.
            Content = BatchBody.Create(batch, _time.GetUtcNow()),
        };
        request.Headers.Authorization = _authorization;
        try
        {
            using var response = await _http.SendAsync(request, cancellationToken).ConfigureAwait(false);
            return UploadOutcome.From(response, _time.GetUtcNow());
        }
        catch (HttpRequestException e)
        {
            return UploadOutcome.NetworkFailure(e);
        }
        catch (OperationCanceledException e) when (!cancellationToken.IsCancellationRequested)
        {
            // HttpClient.Timeout elapsed: as retryable as a refused connection.
            return UploadOutcome.NetworkFailure(e);
        }
    }
}
