using Tally.Core.Metrics;
using Tally.Core.Views;
using Tally.Speed.Aggregation;

namespace Tally.Speed.Tests;

public sealed class CellTableTests
{
    private static readonly MetricDefinition Counted = Metrics.NewUsers;

    [Fact]
    public void Each_cell_keeps_its_own_accumulators_through_growth_and_clear()
    {
        var table = new CellTable();
        var lists = new UserLists();
        var random = new Random(11);
        // Ids alike in all but one or two fields, the all-zero id among them, far more than the initial capacity.
        var ids = Enumerable.Range(0, 20_000)
            .Select(i => new CellId(i % 7, i % 3, i / 7, i % 5, i / 5, i % 2 == 0 ? BucketSize.Hour : BucketSize.Minute, (i % 11) * TimeSpan.TicksPerHour))
            .Prepend(default)
            .ToArray();
        var expected = new Dictionary<CellId, int>();
        foreach (var id in ids)
        {
            expected.TryAdd(id, 0);
        }
        for (int n = 0; n < 3 * ids.Length; n++)
        {
            var id = ids[random.Next(ids.Length)];
            table.GetOrAdd(id)[0].Fold(new CellFact(Counted, default, 0), lists);
            expected[id]++;
        }

        // Exactly the ids folded into, each once, each with its own count.
        var cells = table.Cells().ToList();
        Assert.Equal(expected.Count(pair => pair.Value > 0), table.Count);
        Assert.Equal(table.Count, cells.Count);
        Assert.Equal(cells.Count, cells.Select(cell => cell.Id).Distinct().Count());
        foreach (var (id, accumulators) in cells)
        {
            Assert.Equal(expected[id], accumulators[0].ToCell(KeyOf(id), Counted, lists).Value);
        }

        table.Clear();
        Assert.Equal(0, table.Count);
        Assert.Empty(table.Cells());
        Assert.True(table.GetOrAdd(ids[1])[0].IsEmpty);
        Assert.Equal(1, table.Count);
    }

    [Fact]
    public void A_burst_does_not_pin_a_large_table_after_a_quiet_interval()
    {
        var table = new CellTable();
        for (int i = 0; i < 100_000; i++)
        {
            table.GetOrAdd(new CellId(2, 0, i, 0, 1, BucketSize.Hour, 0));
        }
        int burst = table.Capacity;
        table.Clear();
        Assert.Equal(burst, table.Capacity);

        table.GetOrAdd(new CellId(2, 0, 1, 0, 1, BucketSize.Hour, 0));
        table.Clear();
        Assert.True(table.Capacity < burst / 8, $"capacity {table.Capacity} after a quiet interval, {burst} after the burst");
        Assert.True(table.GetOrAdd(new CellId(2, 0, 7, 0, 1, BucketSize.Hour, 0))[0].IsEmpty);
        Assert.Equal(1, table.Count);
    }

    private static ViewKey KeyOf(CellId id) =>
        new($"app{id.AppId}", Counted.Name, "total", "total", "total", id.Size, new DateTimeOffset(id.BucketTicks, TimeSpan.Zero));
}
