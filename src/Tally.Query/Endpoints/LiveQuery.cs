using Tally.Core.Metrics;
using Tally.Core.Views;
using Tally.Query.Http;
using Tally.Query.Merge;

namespace Tally.Query.Endpoints;

/// <summary>
/// Answers <c>GET /api/v1/apps/{appId}/live</c>: active users now, from the speed layer's minute
/// sketches, and today's hours beside the same hours a week earlier.
/// </summary>
internal sealed class LiveQuery(IViewStore views, LayeredViewReader reader, ServingState state)
{
    private const int ShortWindowMinutes = 5;
    private const int LongWindowMinutes = 30;

    public async Task<LiveResponse> RunAsync(string appId, CancellationToken cancellationToken)
    {
        var (plan, freshness) = await state.LoadAsync(cancellationToken);
        var now = state.Now;
        var currentMinute = ViewKey.BucketOf(now, BucketSize.Minute);
        var minutes = await views.ReadSpeedAsync(new ViewQuery(appId, Metrics.ActiveUsers.Name, Dimension.TotalValue,
            Dimension.TotalName, BucketSize.Minute, currentMinute.AddMinutes(1 - LongWindowMinutes), currentMinute.AddMinutes(1)),
            cancellationToken);

        var today = BucketGrid.Cover(QueryInterval.Hour, QueryInterval.Day.BucketStart(now), now);
        var weekAgo = BucketGrid.Cover(QueryInterval.Hour, today.Start.AddDays(-7), today.End.AddDays(-7));
        return new LiveResponse(appId, now,
            ActiveSince(minutes, currentMinute.AddMinutes(1 - ShortWindowMinutes), now),
            ActiveSince(minutes, currentMinute.AddMinutes(1 - LongWindowMinutes), now),
            await HourlyAsync(today), await HourlyAsync(weekAgo), freshness);

        async Task<IReadOnlyList<Point>> HourlyAsync(BucketGrid grid)
        {
            var cells = await reader.ReadAsync(new ViewQuery(appId, Metrics.ActiveUsers.Name, Dimension.TotalValue,
                Dimension.TotalName, BucketSize.Hour, grid.Start, grid.End), plan, cancellationToken);
            return [.. SeriesMerge.Total(Metrics.ActiveUsers.Kind, cells, grid, plan).Points.Select(Point.From)];
        }
    }

    private static Point ActiveSince(IReadOnlyList<ViewCell> minutes, DateTimeOffset start, DateTimeOffset now)
    {
        var fold = new CellFold(Metrics.ActiveUsers.Kind);
        foreach (var cell in minutes.Where(c => c.Key.BucketStart >= start))
        {
            fold.Add(new LayeredCell(cell, Layers.Speed));
        }
        return Point.From(new MergedPoint(start, fold.Result(Layers.Speed)));
    }
}
