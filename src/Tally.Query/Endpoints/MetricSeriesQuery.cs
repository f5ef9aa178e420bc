using Tally.Core.Metrics;
using Tally.Core.Views;
using Tally.Query.Http;
using Tally.Query.Merge;

namespace Tally.Query.Endpoints;

/// <summary>Answers <c>GET /api/v1/apps/{appId}/metrics/{metric}</c>: reads both layers and merges them per bucket.</summary>
internal sealed class MetricSeriesQuery(LayeredViewReader reader, ServingState state)
{
    public async Task<MetricResponse> RunAsync(string appId, MetricRequest request, CancellationToken cancellationToken)
    {
        var (plan, freshness) = await state.LoadAsync(cancellationToken);
        var grid = BucketGrid.Cover(request.Interval, request.Range.From, request.Range.To);
        var series = await BuildAsync(appId, request, grid, plan, cancellationToken);
        var ranked = request.Breakdown == Dimension.Total
            ? series
            : [.. series.OrderByDescending(s => s.Total).ThenBy(s => s.DimensionValue, StringComparer.Ordinal).Take(request.Limit)];
        return new MetricResponse(appId, request.Metric, request.Interval.ToWireName(), grid.Start, grid.End,
            request.Breakdown.Name, request.Event, freshness, [.. ranked.Select(Series.From)]);
    }

    private async Task<IReadOnlyList<MergedSeries>> BuildAsync(
        string appId, MetricRequest request, BucketGrid grid, LayerPlan plan, CancellationToken cancellationToken)
    {
        var batchSize = request.Interval == QueryInterval.Hour ? BucketSize.Hour : BucketSize.Day;
        if (request.Metric == Metrics.CrashFreeUsers.Name)
        {
            var crashed = await StoredAsync(Metrics.CrashedUsers, grid.Start, grid.End);
            var active = await StoredAsync(Metrics.ActiveUsers, grid.Start, grid.End);
            return CrashFree.Combine(crashed, active);
        }
        var rolling = Metrics.Derived.FirstOrDefault(d => d.Name == request.Metric && d.RollingDays > 0);
        if (rolling is not null)
        {
            var cells = await reader.ReadAsync(
                Query(Metrics.ActiveUsers, RollingUnion.ReadStart(grid, rolling.RollingDays), grid.End), plan, cancellationToken);
            return RollingUnion.Build(cells, grid, plan, rolling.RollingDays);
        }
        return await StoredAsync(Metrics.FindStored(request.Metric)!, grid.Start, grid.End);

        async Task<IReadOnlyList<MergedSeries>> StoredAsync(MetricDefinition metric, DateTimeOffset from, DateTimeOffset to)
        {
            var cells = await reader.ReadAsync(Query(metric, from, to), plan, request.Interval, cancellationToken);
            return request.Breakdown == Dimension.Total
                ? [SeriesMerge.Total(metric.Kind, cells, grid, plan)]
                : SeriesMerge.Build(metric.Kind, cells, grid, plan);
        }

        ViewQuery Query(MetricDefinition metric, DateTimeOffset from, DateTimeOffset to) =>
            new(appId, metric.Name, KeyOf(metric, request.Event), request.Breakdown.Name, batchSize, from, to);
    }

    /// <summary>App-wide metrics have the one key <c>all</c>; per-event metrics the event (null: every event, folded together).</summary>
    private static string? KeyOf(MetricDefinition metric, string? eventName) =>
        metric.Key == Dimension.EventName ? eventName : Dimension.TotalValue;
}
