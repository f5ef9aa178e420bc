using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Tally.Batch.Diagnostics;

namespace Tally.Batch.Hosting;

/// <summary>
/// The batch role: every <see cref="BatchOptions.PollInterval"/>, computes the closed days that need
/// a batch (<see cref="BatchRunner.RunDueAsync"/>). A failed run is retried with back-off; each day's
/// commit is one transaction, so a failure part-way leaves the days already committed done.
/// </summary>
public sealed class BatchWorker(
    BatchRunner runner,
    IOptions<BatchOptions> options,
    BatchMetrics metrics,
    TimeProvider timeProvider,
    ILogger<BatchWorker> logger) : BackgroundService
{
    private readonly BatchOptions _options = options.Value;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        logger.Started(_options.GracePeriod, _options.PollInterval);
        var retryDelay = TimeSpan.Zero;
        while (!stoppingToken.IsCancellationRequested)
        {
            TimeSpan wait;
            try
            {
                int days = await runner.RunDueAsync(stoppingToken);
                if (days > 0)
                {
                    logger.RunCompleted(days);
                }
                retryDelay = TimeSpan.Zero;
                wait = _options.PollInterval;
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                break;
            }
            // Deliberately broad: the archive and view store are pluggable (local files, S3, SQLite,
            // PostgreSQL) and fail with their own exception types. A run only commits whole days, so
            // running again is always safe.
            catch (Exception e)
            {
                metrics.RunFailed();
                retryDelay = NextRetryDelay(retryDelay);
                logger.RunFailed(e, retryDelay);
                wait = retryDelay;
            }
            try
            {
                await Task.Delay(wait, timeProvider, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                break;
            }
        }
    }

    private TimeSpan NextRetryDelay(TimeSpan previous)
    {
        // Doubling from a second: a brief outage costs little, a long one little load.
        var next = previous == TimeSpan.Zero ? TimeSpan.FromSeconds(1) : previous * 2;
        return next > _options.MaxRetryDelay ? _options.MaxRetryDelay : next;
    }
}
