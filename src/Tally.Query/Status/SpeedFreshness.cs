using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Tally.Core.Views;
using Tally.Log;
using Tally.Query.Diagnostics;

namespace Tally.Query.Status;

/// <summary>
/// Measures the speed layer's lag: its committed offsets (stored in the view store with its views)
/// against the log's end offsets. The view store does not record when the speed layer last
/// committed, so the age of live data is measured here: from the moment this process last saw the
/// committed offsets move while records were waiting. A speed layer that is caught up is never
/// stale, however long ago it committed (there was nothing to commit).
/// </summary>
public sealed class SpeedFreshness(
    IViewStore views, IOptions<QueryOptions> options, TimeProvider time, ILogger<SpeedFreshness> logger, IEventLog? log = null)
{
    private readonly Lock _gate = new();
    private long _lastCommittedTotal = -1;
    private DateTimeOffset _lastProgressAt;

    public async Task<SpeedLag> MeasureAsync(CancellationToken cancellationToken)
    {
        string group = options.Value.SpeedConsumerGroup;
        if (log is null)
        {
            return new SpeedLag(group, null, [], null, Stale: false);
        }
        var checkpoint = await views.LoadSpeedCheckpointAsync(group, cancellationToken);
        var partitions = new PartitionLag[log.PartitionCount];
        for (int p = 0; p < partitions.Length; p++)
        {
            var bounds = await log.GetBoundsAsync(p, cancellationToken);
            // Before its first commit the speed layer starts at the oldest retained record.
            long committed = checkpoint.Offsets.TryGetValue(p, out long offset) ? offset : bounds.Start;
            partitions[p] = new PartitionLag(p, committed, bounds.End);
        }
        long behind = partitions.Sum(p => p.Behind);
        var age = AgeSinceProgress(partitions.Sum(p => p.Committed), caughtUp: behind == 0);
        bool stale = age > options.Value.StaleAfter;
        if (stale)
        {
            logger.LiveStale(behind, age.TotalSeconds);
        }
        return new SpeedLag(group, behind, partitions, age, stale);
    }

    private TimeSpan AgeSinceProgress(long committedTotal, bool caughtUp)
    {
        var now = time.GetUtcNow();
        lock (_gate)
        {
            // Caught up counts as progress: records appended later have waited only since now.
            if (caughtUp || committedTotal != _lastCommittedTotal)
            {
                _lastCommittedTotal = committedTotal;
                _lastProgressAt = now;
            }
            return now - _lastProgressAt;
        }
    }
}
