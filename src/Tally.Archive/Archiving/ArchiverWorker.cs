using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Tally.Archive.Diagnostics;
using Tally.Core.Archive;
using Tally.Core.Views;
using Tally.Core.Workers;
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

    private static readonly TimeSpan FirstRetryDelay = TimeSpan.FromMilliseconds(250);

    private readonly ArchiverOptions _options = options.Value;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await using var consumer = log.Subscribe(_options.ConsumerGroup);
        var engine = new ArchiveEngine(_options, log, consumer, store, viewStore, metrics, timeProvider, logger);
        bool healthy = false;
        await RetryLoop.RunAsync(
            async cancellationToken =>
            {
                await engine.SyncAssignmentAsync(cancellationToken);
                healthy = true;
                var records = await consumer.FetchAsync(_options.FetchMaxRecords, _options.FetchMaxWait, cancellationToken);
                engine.Buffer(records);
                await engine.FlushDueAsync(cancellationToken);
                return TimeSpan.Zero;
            },
            // Buffers are dropped and each partition recovers from its committed offset, which is always safe.
            (e, retryDelay) =>
            {
                healthy = false;
                engine.Reset();
                metrics.FlushFailed();
                logger.ProcessingFailed(e, retryDelay);
            },
            new RetryDelays(FirstRetryDelay, _options.MaxRetryDelay),
            timeProvider,
            stoppingToken);
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
}
