using Tally.Core.Metrics;
using Tally.Core.Views;
using Tally.Query.Http;
using Tally.Query.Merge;

namespace Tally.Query.Endpoints;

/// <summary>
/// Answers <c>GET /api/v1/apps/{appId}/retention</c> from batch views only: retention needs each
/// user's first event ever, which only the batch layer knows exactly. A cohort appears once its day
/// is batched; its day-N share once day + N is.
/// </summary>
internal sealed class RetentionQuery(IViewStore views, ServingState state)
{
    public static IReadOnlyList<int> DefaultDays { get; } = [1, 7, 30];

    public async Task<RetentionResponse> RunAsync(string appId, TimeRange range, IReadOnlyList<int> days, CancellationToken cancellationToken)
    {
        var (plan, freshness) = await state.LoadAsync(cancellationToken);
        var grid = BucketGrid.Cover(QueryInterval.Day, range.From, range.To);
        var end = grid.End < plan.Boundary ? grid.End : plan.Boundary;
        if (end <= grid.Start)
        {
            return new RetentionResponse(appId, days, freshness, []);
        }
        var sizes = (await ReadAsync(Metrics.NewUsers.Name, Dimension.TotalValue, grid.Start, end))
            .ToDictionary(c => c.Key.BucketStart, c => c.Value);
        var retained = new Dictionary<(int Days, DateTimeOffset Cohort), double>();
        foreach (int n in days)
        {
            foreach (var cell in await ReadAsync(Retention.MetricName, Retention.KeyOf(n), grid.Start, end))
            {
                retained[(n, cell.Key.BucketStart)] = cell.Value;
            }
        }

        var cohorts = new List<Cohort>();
        for (var day = grid.Start; day < end; day = day.AddDays(1))
        {
            double size = sizes.GetValueOrDefault(day);
            cohorts.Add(new Cohort(DateOnly.FromDateTime(day.UtcDateTime), size, [.. days.Select(n =>
            {
                // Day N is known once the batch has finished it; until then no cell exists and zero would lie.
                double? count = day.AddDays(n) < plan.Boundary ? retained.GetValueOrDefault((n, day)) : null;
                return new Retained(n, count, count is { } c && size > 0 ? c / size : null);
            })]));
        }
        return new RetentionResponse(appId, days, freshness, cohorts);

        Task<IReadOnlyList<ViewCell>> ReadAsync(string metric, string key, DateTimeOffset from, DateTimeOffset to) =>
            views.ReadBatchAsync(new ViewQuery(appId, metric, key, Dimension.TotalName, BucketSize.Day, from, to), cancellationToken);
    }
}
