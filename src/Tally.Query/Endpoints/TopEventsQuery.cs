using Tally.Core.Metrics;
using Tally.Core.Views;
using Tally.Query.Http;
using Tally.Query.Merge;

namespace Tally.Query.Endpoints;

/// <summary>Answers <c>GET /api/v1/apps/{appId}/events</c>: the most frequent event names with their counts and users.</summary>
internal sealed class TopEventsQuery(LayeredViewReader reader, ServingState state)
{
    public const int DefaultLimit = 20;
    public const int MaxLimit = 1000;

    public async Task<EventsResponse> RunAsync(string appId, TimeRange range, int limit, CancellationToken cancellationToken)
    {
        var (plan, freshness) = await state.LoadAsync(cancellationToken);
        // Whole days, so batch day cells are read whole; the grid is one bucket per event-name fold.
        var grid = BucketGrid.Cover(QueryInterval.Day, range.From, range.To);
        var counts = await ReadByEventAsync(Metrics.Events);
        var users = await ReadByEventAsync(Metrics.EventUsers);
        var covered = plan.LayersOf(grid.Start, grid.End);

        var summaries = counts.Select(pair =>
        {
            var count = pair.Value.Result(covered);
            var distinct = users.TryGetValue(pair.Key, out var fold) ? fold.Result(covered) : default;
            return new EventSummary(pair.Key, count.Value ?? 0, distinct.Value ?? 0, count.Source.ToString().ToLowerInvariant(),
                count.Approximate || distinct.Approximate);
        });
        return new EventsResponse(appId, grid.Start, grid.End, freshness,
            [.. summaries.OrderByDescending(e => e.Count).ThenBy(e => e.Name, StringComparer.Ordinal).Take(limit)]);

        async Task<Dictionary<string, CellFold>> ReadByEventAsync(MetricDefinition metric)
        {
            var cells = await reader.ReadAsync(new ViewQuery(appId, metric.Name, Key: null, Dimension.TotalName, BucketSize.Day,
                grid.Start, grid.End), plan, cancellationToken);
            var folds = new Dictionary<string, CellFold>(StringComparer.Ordinal);
            foreach (var cell in cells)
            {
                if (!folds.TryGetValue(cell.Cell.Key.Key, out var fold))
                {
                    folds.Add(cell.Cell.Key.Key, fold = new CellFold(metric.Kind));
                }
                fold.Add(cell);
            }
            return folds;
        }
    }
}
