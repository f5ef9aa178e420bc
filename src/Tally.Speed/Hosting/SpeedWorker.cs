using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Tally.Core.Views;
using Tally.Core.Workers;
using Tally.Log;
using Tally.Speed.Diagnostics;
using Tally.Speed.Processing;

namespace Tally.Speed.Hosting;

/// <summary>
/// The speed role: one member of the speed consumer group. Fetches records, processes them
/// (<see cref="SpeedEngine"/>), commits view deltas with offsets every
/// <see cref="SpeedOptions.CommitInterval"/> and state snapshots every
/// <see cref="SpeedOptions.SnapshotInterval"/>, and deletes expired speed cells.
/// </summary>
public sealed class SpeedWorker(
    IEventLog log,
    IViewStore viewStore,
    IOptions<SpeedOptions> options,
    SpeedMetrics metrics,
    TimeProvider timeProvider,
    ILogger<SpeedWorker> logger) : BackgroundService
{
    // A commit at shutdown gets this long; after that the next start replays from the checkpoint instead.
    private static readonly TimeSpan FinalCommitTimeout = TimeSpan.FromSeconds(5);

    private static readonly TimeSpan FirstRetryDelay = TimeSpan.FromMilliseconds(250);

    private readonly SpeedOptions _options = options.Value;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await using var consumer = log.Subscribe(_options.ConsumerGroup);
        var engine = new SpeedEngine(_options, viewStore, log, consumer, metrics, logger);
        long lastCommit = timeProvider.GetTimestamp();
        long lastSnapshot = lastCommit;
        var nextRetention = timeProvider.GetUtcNow();
        bool healthy = false;
        await RetryLoop.RunAsync(
            async cancellationToken =>
            {
                await engine.SyncAssignmentAsync(cancellationToken);
                healthy = true;
                var records = await consumer.FetchAsync(_options.FetchMaxRecords, _options.FetchMaxWait, cancellationToken);
                engine.Process(records);
                if (timeProvider.GetElapsedTime(lastCommit) >= _options.CommitInterval)
                {
                    bool withSnapshots = timeProvider.GetElapsedTime(lastSnapshot) >= _options.SnapshotInterval;
                    await engine.CommitAsync(withSnapshots, cancellationToken);
                    lastCommit = timeProvider.GetTimestamp();
                    lastSnapshot = withSnapshots ? lastCommit : lastSnapshot;
                    await ReportProgressAsync(engine, consumer, cancellationToken);
                }
                if (timeProvider.GetUtcNow() >= nextRetention)
                {
                    await RunRetentionAsync(cancellationToken);
                    nextRetention = timeProvider.GetUtcNow() + _options.RetentionInterval;
                }
                return TimeSpan.Zero;
            },
            // Uncommitted work is dropped and processing restarts from the view store's checkpoint, which is always safe.
            (e, retryDelay) =>
            {
                healthy = false;
                engine.Reset();
                metrics.CommitFailed();
                logger.ProcessingFailed(e, retryDelay);
            },
            new RetryDelays(FirstRetryDelay, _options.MaxRetryDelay),
            timeProvider,
            stoppingToken);
        if (healthy)
        {
            await FinalCommitAsync(engine);
        }
    }

    private async Task FinalCommitAsync(SpeedEngine engine)
    {
        using var timeout = new CancellationTokenSource(FinalCommitTimeout, timeProvider);
        try
        {
            await engine.CommitAsync(withSnapshots: true, timeout.Token);
        }
        // As in the loop: any failure leaves the checkpoint as it was, which the next start recovers from.
        catch (Exception e)
        {
            logger.FinalCommitFailed(e);
        }
    }

    private async Task ReportProgressAsync(SpeedEngine engine, ILogConsumer consumer, CancellationToken cancellationToken)
    {
        long lag = 0;
        foreach (var (partition, processor) in engine.Processors)
        {
            var bounds = await log.GetBoundsAsync(partition, cancellationToken);
            lag += Math.Max(0, bounds.End - processor.NextOffset);
        }
        metrics.Lag(lag);
        try
        {
            // For lag tools only: the view store's offsets are what the speed layer resumes from.
            await consumer.CommitAsync(engine.CommittedOffsets, cancellationToken);
        }
        catch (LogException e)
        {
            logger.LogGroupCommitFailed(e);
        }
    }

    private async Task RunRetentionAsync(CancellationToken cancellationToken)
    {
        var now = timeProvider.GetUtcNow();
        try
        {
            int hours = await viewStore.DeleteSpeedBeforeAsync(BucketSize.Hour, now - _options.HourRetention, cancellationToken);
            int minutes = await viewStore.DeleteSpeedBeforeAsync(BucketSize.Minute, now - _options.MinuteRetention, cancellationToken);
            logger.RetentionRan(hours, minutes);
        }
        // Retention only frees space; a failed pass changes no count and is simply tried again later.
        catch (Exception e) when (e is not OperationCanceledException)
        {
            logger.RetentionFailed(e, _options.RetentionInterval);
        }
    }
}
