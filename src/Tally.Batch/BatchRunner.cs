using System.Diagnostics;
using Tally.Batch.Computation;
using Tally.Batch.Diagnostics;
using Tally.Core.Views;

namespace Tally.Batch;

/// <summary>
/// Decides which days to compute and commits them: every closed day that needs a batch, oldest
/// first, advancing the watermark as it goes (<see cref="RunDueAsync"/>); or any range again,
/// regardless of state (<see cref="RunRangeAsync"/>, backfill).
/// </summary>
public sealed class BatchRunner(
    IViewStore viewStore,
    IArchiveDaySource archive,
    TimeProvider timeProvider,
    BatchOptions options,
    BatchMetrics? metrics = null)
{
    private readonly DayComputation _computation = new(archive, viewStore, options);

    /// <summary>Computes and commits every closed day that needs a batch; returns how many.</summary>
    public async Task<int> RunDueAsync(CancellationToken cancellationToken)
    {
        var progress = await viewStore.LoadBatchProgressAsync(cancellationToken);
        var now = timeProvider.GetUtcNow();
        var due = progress.Days.Where(d => d.NeedsBatch && IsClosed(d.Day, now)).ToList();
        var batched = new HashSet<DateOnly>();
        foreach (var day in due)
        {
            batched.Add(day.Day);
            await ComputeAndCommitAsync(day.Day, appId: null, day.ArchiveVersion, WatermarkAfter(progress, batched, now), cancellationToken);
        }
        return due.Count;
    }

    /// <summary>
    /// Computes and commits every day in [<paramref name="from"/>, <paramref name="to"/>] again. For one
    /// app only that app's cells are replaced and the days' batch state is left as it was.
    /// </summary>
    public async Task RunRangeAsync(DateOnly from, DateOnly to, string? appId, CancellationToken cancellationToken)
    {
        if (to < from)
        {
            throw new ArgumentException($"The range ends ({to}) before it starts ({from}).", nameof(to));
        }
        var progress = await viewStore.LoadBatchProgressAsync(cancellationToken);
        var versions = progress.Days.ToDictionary(d => d.Day, d => d.ArchiveVersion);
        var batched = new HashSet<DateOnly>();
        for (var day = from; day <= to; day = day.AddDays(1))
        {
            batched.Add(day);
            var watermark = appId is null ? WatermarkAfter(progress, batched, timeProvider.GetUtcNow()) : (DateOnly?)null;
            await ComputeAndCommitAsync(day, appId, versions.GetValueOrDefault(day), watermark, cancellationToken);
        }
    }

    /// <summary>Whether the day is over, grace period included: its first batch does not wait for more.</summary>
    public bool IsClosed(DateOnly day, DateTimeOffset now) => Start(day.AddDays(1)) + options.GracePeriod <= now;

    /// <summary>
    /// The first day whose batch views are not complete once <paramref name="batched"/> are: the
    /// earliest closed archived day never batched, else the first day not closed. Days re-batched for
    /// late events keep the watermark: their views exist, only a little behind.
    /// </summary>
    private DateOnly WatermarkAfter(BatchProgress progress, HashSet<DateOnly> batched, DateTimeOffset now)
    {
        var firstOpen = DateOnly.FromDateTime((now - options.GracePeriod).UtcDateTime);
        foreach (var day in progress.Days)
        {
            if (day.BatchedVersion == 0 && !batched.Contains(day.Day) && day.Day < firstOpen)
            {
                return day.Day;
            }
        }
        return firstOpen;
    }

    private async Task ComputeAndCommitAsync(DateOnly day, string? appId, long archiveVersion, DateOnly? watermark, CancellationToken cancellationToken)
    {
        long started = Stopwatch.GetTimestamp();
        var computed = await _computation.ComputeAsync(day, appId, archiveVersion, cancellationToken);
        await viewStore.CommitBatchAsync(computed.Commit with { Watermark = watermark }, cancellationToken);
        metrics?.DayComputed(computed, Stopwatch.GetElapsedTime(started));
    }

    private static DateTimeOffset Start(DateOnly day) => new(day.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);
}
