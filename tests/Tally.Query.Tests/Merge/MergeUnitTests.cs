using Tally.Core.Metrics;
using Tally.Core.Sketches;
using Tally.Core.Views;
using Tally.Query.Merge;
using static Tally.Query.Tests.Cells;

namespace Tally.Query.Tests.Merge;

public class MergeUnitTests
{
    [Fact]
    public void Weeks_start_on_monday_and_months_on_the_first()
    {
        var grid = BucketGrid.Cover(QueryInterval.Week, At(new DateOnly(2025, 3, 12)), At(new DateOnly(2025, 3, 18)));

        Assert.Equal([At(new DateOnly(2025, 3, 10)), At(new DateOnly(2025, 3, 17))], grid.Starts);
        Assert.Equal(At(new DateOnly(2025, 4, 1)), QueryInterval.Month.Next(QueryInterval.Month.BucketStart(At(new DateOnly(2025, 3, 31), 23))));
        Assert.Equal(1, grid.IndexOf(At(new DateOnly(2025, 3, 23), 23)));
        Assert.Equal(-1, grid.IndexOf(At(new DateOnly(2025, 3, 24))));
    }

    [Fact]
    public void Plan_splits_a_span_at_the_watermark()
    {
        var plan = LayerPlan.ForWatermark(new DateOnly(2025, 3, 11));

        Assert.Equal(Layers.Batch, plan.LayersOf(At(new DateOnly(2025, 3, 10)), At(new DateOnly(2025, 3, 11))));
        Assert.Equal(Layers.Speed, plan.LayersOf(At(new DateOnly(2025, 3, 11)), At(new DateOnly(2025, 3, 12))));
        Assert.Equal(Layers.Batch | Layers.Speed, plan.LayersOf(At(new DateOnly(2025, 3, 10)), At(new DateOnly(2025, 3, 12))));
        Assert.Equal(Layers.Speed, LayerPlan.ForWatermark(null).LayersOf(At(new DateOnly(2025, 3, 10)), At(new DateOnly(2025, 3, 11))));
    }

    [Fact]
    public void Large_distinct_unions_are_approximate_with_the_hll_standard_error()
    {
        var fold = new CellFold(AggregationKind.Distinct);
        fold.Add(new LayeredCell(ManyUsers(0, 5_000), Layers.Batch));
        fold.Add(new LayeredCell(ManyUsers(2_500, 5_000), Layers.Batch));

        var result = fold.Result(Layers.Batch);

        Assert.True(result.Approximate);
        Assert.InRange(result.Value!.Value, 7_500 * 0.95, 7_500 * 1.05);
        Assert.Equal(result.Value.Value * 1.04 / 128, result.StandardError!.Value, 6);
    }

    [Fact]
    public void Median_of_one_batch_cell_is_exact_and_of_several_is_the_merged_sketch()
    {
        var fold = new CellFold(AggregationKind.DurationMedian);
        fold.Add(new LayeredCell(Median(60, 60, 60), Layers.Batch));
        Assert.Equal(new MergedValue(60, Layers.Batch, false, null), fold.Result(Layers.Batch));

        fold.Add(new LayeredCell(Median(600, 600, 600, 600), Layers.Speed));
        var merged = fold.Result(Layers.Batch | Layers.Speed);

        Assert.True(merged.Approximate);
        Assert.InRange(merged.Value!.Value, 594, 606);
    }

    [Fact]
    public void A_cell_added_after_a_union_leaves_the_callers_union_unchanged()
    {
        var union = CellFold.SketchOf(ManyUsers(0, 3_000));
        byte[] before = union.ToBytes();
        var fold = new CellFold(AggregationKind.Distinct);

        fold.AddUnion(union, Layers.Batch, cells: 2);
        fold.Add(new LayeredCell(ManyUsers(3_000, 3_000), Layers.Batch));

        Assert.Equal(before, union.ToBytes());
        var expected = CellFold.SketchOf(ManyUsers(0, 6_000));
        Assert.Equal(Math.Round(expected.Estimate()), fold.Result(Layers.Batch).Value);
    }

    private static ViewCell ManyUsers(int first, int count)
    {
        var sketch = HyperLogLog.Create();
        for (int i = first; i < first + count; i++)
        {
            sketch.Add("user-" + i);
        }
        return new ViewCell(Key("active_users"), count, sketch.ToBytes());
    }

    private static ViewCell Median(params int[] seconds)
    {
        var sketch = new DurationSketch();
        foreach (int s in seconds)
        {
            sketch.Add(TimeSpan.FromSeconds(s));
        }
        return new ViewCell(Key("session_length_median"), seconds.Order().ElementAt((seconds.Length - 1) / 2), sketch.ToBytes());
    }

    private static ViewKey Key(string metric) =>
        new("app", metric, Dimension.TotalValue, Dimension.TotalName, Dimension.TotalValue, BucketSize.Day, At(new DateOnly(2025, 3, 10)));
}
