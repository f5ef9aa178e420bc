using Tally.Core.Views;
using Tally.Query.Merge;
using Tally.Query.Tests.Http;
using static Tally.Query.Tests.Cells;

namespace Tally.Query.Tests.Merge;

public class LayeredViewReaderTests
{
    private static readonly DateOnly Yesterday = Today.AddDays(-1);

    [Fact]
    public async Task Daily_series_read_batch_days_without_sketches_and_speed_hours_with_them()
    {
        await using var server = await QueryServer.StartAsync();
        var app = await server.CreateAppAsync();
        string id = app.App.Id;
        await server.Views.CommitBatchAsync(Batch(Yesterday, watermark: Today,
            Users(id, "active_users", BucketSize.Day, At(Yesterday), "a", "b")));
        await server.Views.CommitSpeedAsync(Speed(Users(id, "active_users", BucketSize.Hour, At(Today, 9), "a", "c")));
        var reader = new LayeredViewReader(server.Views);
        var query = new ViewQuery(id, "active_users", "all", "total", BucketSize.Day, At(Yesterday), At(Today.AddDays(1)));
        var plan = LayerPlan.ForWatermark(Today);

        var folded = await reader.ReadAsync(query, plan, QueryInterval.Day, CancellationToken.None);
        var unioned = await reader.ReadAsync(query, plan, CancellationToken.None);

        Assert.Equal([(Layers.Batch, 2.0, true), (Layers.Speed, 2.0, false)],
            folded.Select(c => (c.Layer, c.Cell.Value, c.Cell.Sketch.IsEmpty)));
        Assert.All(unioned, c => Assert.False(c.Cell.Sketch.IsEmpty));
    }

    [Theory]
    [InlineData(QueryInterval.Day, BucketSize.Day, "all", false)]
    [InlineData(QueryInterval.Hour, BucketSize.Hour, "all", false)]
    [InlineData(QueryInterval.Day, BucketSize.Hour, "all", true)]
    [InlineData(QueryInterval.Week, BucketSize.Day, "all", true)]
    [InlineData(QueryInterval.Month, BucketSize.Day, "all", true)]
    [InlineData(QueryInterval.Day, BucketSize.Day, null, true)]
    public void Sketches_are_needed_where_a_bucket_can_fold_several_cells(QueryInterval interval, BucketSize size, string? key, bool needed)
    {
        var part = new ViewQuery("app", "event_users", key, "total", size, At(Yesterday), At(Today));

        Assert.Equal(needed, !SeriesMerge.FoldsOneCellPerBucket(interval, part));
    }
}
