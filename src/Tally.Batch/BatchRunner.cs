using System.Diagnostics;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Tally.Batch.Computation;
using Tally.Batch.Diagnostics;
using Tally.Core.Views;

namespace Tally.Batch;

/// <summary>
/// Decides which days to compute and commits them: every closed day that needs a batch, oldest
/// first, each under a lease so that several runners can share the work (<see cref="RunDueAsync"/>);
/// or any range again, regardless of state (<see cref="RunRangeAsync"/>, backfill).
/// </summary>
public sealed class BatchRunner(
    IViewStore viewStore,
    IArchiveDaySource archive,
    TimeProvider timeProvider,
    BatchOptions options,
    BatchMetrics? metrics = null,
    ILogger<BatchRunner>? logger = null)
{
    private readonly DayComputation _computation = new(archive, viewStore, options);
    private readonly ILogger _logger = logger ?? NullLogger<BatchRunner>.Instance;

    /// <summary>Names this runner in its leases: host and process for operators, a random part so that every runner differs.</summary>
    public string WorkerId { get; } = $"{Environment.MachineName}/{Environment.ProcessId}/{Guid.NewGuid():N}";

    /// <summary>
    /// Computes and commits every closed day that needs a batch and that no other runner holds;
    /// returns how many this runner committed.
    /// </summary>
    public async Task<int> RunDueAsync(CancellationToken cancellationToken)
    {
        var progress = await viewStore.LoadBatchProgressAsync(cancellationToken);
        var now = timeProvider.GetUtcNow();
        int committed = 0;
        foreach (var day in progress.Days.Where(d => d.NeedsBatch && IsClosed(d.Day, now)))
        {
            // No lease: another runner holds the day, or has batched it since the progress was read.
            if (await viewStore.TryClaimDayAsync(day.Day, WorkerId, options.LeaseDuration, cancellationToken) is { } lease
                && await ComputeUnderLeaseAsync(lease, cancellationToken))
            {
                committed++;
            }
        }
        return committed;
    }

    /// <summary>
    /// Computes and commits every day in [<paramref name="from"/>, <paramref name="to"/>] again. For one
    /// app only that app's cells are replaced and the days' batch state is left as it was. Takes each
    /// day over from any runner computing it (whose commit then fails).
    /// </summary>
    public async Task RunRangeAsync(DateOnly from, DateOnly to, string? appId, CancellationToken cancellationToken)
    {
        if (to < from)
        {
            throw new ArgumentException($"The range ends ({to}) before it starts ({from}).", nameof(to));
        }
        var progress = await viewStore.LoadBatchProgressAsync(cancellationToken);
        var versions = progress.Days.ToDictionary(d => d.Day, d => d.ArchiveVersion);
        for (var day = from; day <= to; day = day.AddDays(1))
        {
            var watermark = appId is null ? FirstOpenDay() : (DateOnly?)null;
            await ComputeAndCommitAsync(day, appId, versions.GetValueOrDefault(day), watermark, lease: null, cancellationToken);
        }
    }

    /// <summary>Whether the day is over, grace period included: its first batch does not wait for more.</summary>
    public bool IsClosed(DateOnly day, DateTimeOffset now) => Start(day.AddDays(1)) + options.GracePeriod <= now;

    /// <summary>Computes and commits the leased day; false when the lease was lost on the way (another runner has the day).</summary>
    private async Task<bool> ComputeUnderLeaseAsync(BatchLease lease, CancellationToken cancellationToken)
    {
        await using var keeper = LeaseKeeper.Start(viewStore, lease, options.LeaseDuration, timeProvider, _logger, cancellationToken);
        try
        {
            await ComputeAndCommitAsync(lease.Day, appId: null, lease.ArchiveVersion, FirstOpenDay(), lease, keeper.Token);
            return true;
        }
        catch (OperationCanceledException) when (keeper.IsLost && !cancellationToken.IsCancellationRequested)
        {
            _logger.LeaseLost(lease.Day);
            return false;
        }
        catch (BatchLeaseLostException)
        {
            _logger.LeaseLost(lease.Day);
            return false;
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Shutting down: hand the day to another runner now rather than after the lease lapses.
            await viewStore.ReleaseAsync(lease, CancellationToken.None);
            throw;
        }
    }

    /// <summary>
    /// The first day not closed: the watermark every commit aims for. The store holds it back at the
    /// first day archived and never batched, which may be another runner's.
    /// </summary>
    private DateOnly FirstOpenDay() => DateOnly.FromDateTime((timeProvider.GetUtcNow() - options.GracePeriod).UtcDateTime);

    private async Task ComputeAndCommitAsync(
        DateOnly day, string? appId, long archiveVersion, DateOnly? watermark, BatchLease? lease, CancellationToken cancellationToken)
    {
        long started = Stopwatch.GetTimestamp();
        var computed = await _computation.ComputeAsync(day, appId, archiveVersion, cancellationToken);
        await viewStore.CommitBatchAsync(computed.Commit with { Watermark = watermark, Lease = lease }, cancellationToken);
        metrics?.DayComputed(computed, Stopwatch.GetElapsedTime(started));
    }

    private static DateTimeOffset Start(DateOnly day) => new(day.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);
}
