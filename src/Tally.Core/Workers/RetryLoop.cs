namespace Tally.Core.Workers;

/// <summary>
/// The loop of a background role (speed, archiver, batch): runs one step after another until
/// stopped. A failed step is reported and run again after a delay that doubles from
/// <see cref="RetryDelays.First"/> up to <see cref="RetryDelays.Max"/>, so a brief outage of a seam
/// costs little and a long one puts little load on it.
/// </summary>
public static class RetryLoop
{
    /// <param name="step">One round of work; returns how long to wait before the next (zero: go on at once).</param>
    /// <param name="onFailure">
    /// Told of each failed step and the delay before the next; drops whatever the step left half
    /// done, so that running it again is safe.
    /// </param>
    public static async Task RunAsync(
        Func<CancellationToken, Task<TimeSpan>> step,
        Action<Exception, TimeSpan> onFailure,
        RetryDelays delays,
        TimeProvider timeProvider,
        CancellationToken stoppingToken)
    {
        var retryDelay = TimeSpan.Zero;
        while (!stoppingToken.IsCancellationRequested)
        {
            TimeSpan wait;
            try
            {
                wait = await step(stoppingToken).ConfigureAwait(false);
                retryDelay = TimeSpan.Zero;
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            // Deliberately broad: the roles' seams are pluggable (files, S3, SQLite, PostgreSQL, NATS,
            // Kafka, …) and fail with their own exception types, and every caller's step is safe to repeat.
            catch (Exception e)
            {
                retryDelay = delays.After(retryDelay);
                onFailure(e, retryDelay);
                wait = retryDelay;
            }
            if (wait > TimeSpan.Zero)
            {
                try
                {
                    await Task.Delay(wait, timeProvider, stoppingToken).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
            }
        }
    }
}

/// <summary>The back-off of <see cref="RetryLoop"/>: the first retry's delay, doubled per further failure up to a cap.</summary>
public readonly record struct RetryDelays(TimeSpan First, TimeSpan Max)
{
    /// <summary>The delay after a failure that followed a retry delay of <paramref name="previous"/> (zero: the first failure).</summary>
    public TimeSpan After(TimeSpan previous)
    {
        var next = previous == TimeSpan.Zero ? First : previous * 2;
        return next > Max ? Max : next;
    }
}
