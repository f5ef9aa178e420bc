using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Tally.Archive.Diagnostics;
using Tally.Core.Archive;
using Tally.Core.Views;
using Tally.Log;

namespace Tally.Archive.Archiving;

/// <summary>
/// The archiver role: one member of the archive consumer group. Fetches records, buffers them
/// per partition and flushes them to Parquet files in the object store (<see cref="ArchiveEngine"/>).
/// </summary>
public sealed class ArchiverWorker(
    IEventLog log,
    IObjectStore store,
    IViewStore viewStore,
    IOptions<ArchiverOptions> options,
    ArchiveMetrics metrics,
    TimeProvider timeProvider,
    ILogger<ArchiverWorker> logger) : BackgroundService
{
    // A flush at shutdown gets this long; after that the next start archives the records again.
    private static readonly TimeSpan FinalFlushTimeout = TimeSpan.FromSeconds(5);

    private readonly ArchiverOptions _options = options.Value;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await using var consumer = log.Subscribe(_options.ConsumerGroup);
        var engine = new ArchiveEngine(_options, log, consumer, store, viewStore, metrics, timeProvider, logger);
        var retryDelay = TimeSpan.Zero;
        bool healthy = false;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await engine.SyncAssignmentAsync(stoppingToken);
                healthy = true;
                var records = await consumer.FetchAsync(_options.FetchMaxRecords, _options.FetchMaxWait, stoppingToken);
                engine.Buffer(records);
                await engine.FlushDueAsync(stoppingToken);
                retryDelay = TimeSpan.Zero;
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                break;
            }
            // Deliberately broad: the log, object store and view store are pluggable (files, S3, SQLite,
            // PostgreSQL, Kafka, …) and fail with their own exception types. Every failure is handled alike
            // — buffers are dropped and each partition recovers from its committed offset — which is always safe.
            catch (Exception e)
            {
                healthy = false;
                engine.Reset();
                metrics.FlushFailed();
                retryDelay = NextRetryDelay(retryDelay);
                logger.ProcessingFailed(e, retryDelay);
                try
                {
                    await Task.Delay(retryDelay, timeProvider, stoppingToken);
                }
                catch (OperationCanceledException)
                {
                    break;
                }
            }
        }
        if (healthy)
        {
            await FinalFlushAsync(engine);
        }
    }

    private async Task FinalFlushAsync(ArchiveEngine engine)
    {
        using var timeout = new CancellationTokenSource(FinalFlushTimeout, timeProvider);
        try
        {
            await engine.FlushAllAsync(timeout.Token);
        }
        // As in the loop: a failed flush leaves a manifest or nothing, which the next start recovers from.
        catch (Exception e)
        {
            logger.FinalFlushFailed(e);
        }
    }

    private TimeSpan NextRetryDelay(TimeSpan previous)
    {
        // Doubling from a quarter second: a brief outage costs little, a long one little load.
        var next = previous == TimeSpan.Zero ? TimeSpan.FromMilliseconds(250) : previous * 2;
        return next > _options.MaxRetryDelay ? _options.MaxRetryDelay : next;
    }
}
