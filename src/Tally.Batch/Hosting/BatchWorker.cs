using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Tally.Batch.Diagnostics;
using Tally.Core.Workers;

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
    private static readonly TimeSpan FirstRetryDelay = TimeSpan.FromSeconds(1);

    private readonly BatchOptions _options = options.Value;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        logger.Started(_options.GracePeriod, _options.PollInterval);
        await RetryLoop.RunAsync(
            async cancellationToken =>
            {
                int days = await runner.RunDueAsync(cancellationToken);
                if (days > 0)
                {
                    logger.RunCompleted(days);
                }
                return _options.PollInterval;
            },
            // A run only commits whole days, so running again is always safe.
            (e, retryDelay) =>
            {
                metrics.RunFailed();
                logger.RunFailed(e, retryDelay);
            },
            new RetryDelays(FirstRetryDelay, _options.MaxRetryDelay),
            timeProvider,
            stoppingToken);
    }
}
