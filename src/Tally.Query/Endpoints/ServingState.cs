using Microsoft.Extensions.Options;
using Tally.Core.Views;
using Tally.Query.Http;
using Tally.Query.Merge;
using Tally.Query.Status;

namespace Tally.Query.Endpoints;

/// <summary>What every answer needs first: where the batch watermark is, and how fresh live data is.</summary>
internal sealed class ServingState(IViewStore views, SpeedFreshness speed, IOptions<QueryOptions> options, TimeProvider time)
{
    public DateTimeOffset Now => time.GetUtcNow();

    public async Task<(LayerPlan Plan, Freshness Freshness)> LoadAsync(CancellationToken cancellationToken)
    {
        var progress = await views.LoadBatchProgressAsync(cancellationToken);
        var lag = await speed.MeasureAsync(cancellationToken);
        return (LayerPlan.ForWatermark(progress.Watermark), FreshnessOf(progress.Watermark, lag));
    }

    /// <summary>Late: yesterday (or earlier) is not batched yet, or no batch ever ran.</summary>
    public bool IsBatchLate(DateOnly? watermark) =>
        watermark is not { } day || day < DateOnly.FromDateTime(Now.UtcDateTime).AddDays(-1);

    private Freshness FreshnessOf(DateOnly? watermark, SpeedLag lag) => new(
        watermark,
        IsBatchLate(watermark),
        QueryInterval.Hour.BucketStart(Now - options.Value.SpeedRetention),
        lag.Stale,
        lag.Age?.TotalSeconds);
}
