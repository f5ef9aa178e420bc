using Tally.Core.Metrics;
using Tally.Core.Sketches;
using Tally.Core.Views;
using Tally.Query.Merge;
using static Tally.Query.Tests.Cells;

namespace Tally.Query.Tests.Merge;

public class RollingUnionTests
{
    /// <summary>
    /// The incremental windows give, point for point, what folding every window's cells from scratch
    /// gives: over gaps, batch and speed cells, and sketches of every representation (explicit, sparse, dense).
    /// </summary>
    [Theory]
    [InlineData(1, 7)]
    [InlineData(2, 30)]
    [InlineData(3, 30)]
    [InlineData(4, 1)]
    public void Windows_equal_a_fold_of_each_window_from_scratch(int seed, int days)
    {
        var random = new Random(seed);
        var firstDay = new DateOnly(2025, 1, 1);
        var watermark = firstDay.AddDays(70);
        var plan = LayerPlan.ForWatermark(watermark);
        var cells = new List<LayeredCell>();
        for (int d = 0; d < 90; d++)
        {
            // Gaps: days without any cell.
            if (random.Next(5) == 0)
            {
                continue;
            }
            var day = firstDay.AddDays(d);
            var layer = day < watermark ? Layers.Batch : Layers.Speed;
            int users = random.Next(4) switch { 0 => random.Next(1, 50), 1 => random.Next(1_000, 2_000), 2 => random.Next(3_000, 6_000), _ => 9_000 };
            cells.Add(new LayeredCell(UsersCell(At(day), random.Next(20_000), users), layer));
        }
        var grid = BucketGrid.Cover(QueryInterval.Day, At(firstDay.AddDays(days)), At(firstDay.AddDays(90)));

        var series = Assert.Single(RollingUnion.Build(cells, grid, plan, days));

        for (int i = 0; i < grid.Count; i++)
        {
            var end = grid.EndOf(i);
            var start = end.AddDays(-days);
            var fold = new CellFold(AggregationKind.Distinct);
            foreach (var cell in cells.Where(c => c.Cell.Key.BucketStart >= start && c.Cell.Key.BucketStart < end))
            {
                fold.Add(cell);
            }
            Assert.Equal(fold.Result(plan.LayersOf(start, end)), series.Points[i].Value);
        }
    }

    private static ViewCell UsersCell(DateTimeOffset day, int first, int count)
    {
        var sketch = HyperLogLog.Create();
        for (int i = first; i < first + count; i++)
        {
            sketch.Add("user-" + i);
        }
        return new ViewCell(new ViewKey("app", Metrics.ActiveUsers.Name, Dimension.TotalValue, Dimension.TotalName, Dimension.TotalValue,
            BucketSize.Day, day), count, sketch.ToBytes());
    }
}
