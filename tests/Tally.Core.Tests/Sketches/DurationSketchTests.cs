using Tally.Core.Sketches;

namespace Tally.Core.Tests.Sketches;

public class DurationSketchTests
{
    private static TimeSpan LowerMedian(List<TimeSpan> values)
    {
        values.Sort();
        return values[(values.Count - 1) / 2];
    }

    [Theory]
    [InlineData(1, 1)]
    [InlineData(2, 10)]
    [InlineData(3, 1_000)]
    [InlineData(4, 100_000)]
    public void Median_is_within_the_relative_accuracy_of_the_exact_lower_median(int seed, int count)
    {
        var random = new Random(seed);
        var sketch = new DurationSketch();
        var values = new List<TimeSpan>();
        for (int i = 0; i < count; i++)
        {
            // Session lengths: log-normal around a couple of minutes, some zero-length sessions.
            var value = random.Next(10) == 0 ? TimeSpan.Zero : TimeSpan.FromMilliseconds(Math.Exp(11 + 1.5 * Gaussian(random)));
            values.Add(value);
            sketch.Add(value);
        }

        var exact = LowerMedian(values);
        var estimate = sketch.Median!.Value;

        Assert.InRange(estimate.TotalMilliseconds,
            exact.TotalMilliseconds * (1 - DurationSketch.RelativeAccuracy) - 1,
            exact.TotalMilliseconds * (1 + DurationSketch.RelativeAccuracy) + 1);
    }

    [Fact]
    public void Empty_has_no_median_and_zero_lengths_are_exact()
    {
        var sketch = new DurationSketch();
        Assert.Null(sketch.Median);
        sketch.Add(TimeSpan.Zero, 3);
        sketch.Add(TimeSpan.FromMinutes(5));
        Assert.Equal(TimeSpan.Zero, sketch.Median);
        Assert.Equal(4, sketch.Count);
    }

    [Fact]
    public void Merge_equals_the_sketch_of_all_values_and_round_trips()
    {
        var random = new Random(7);
        var a = new DurationSketch();
        var b = new DurationSketch();
        var all = new DurationSketch();
        for (int i = 0; i < 5_000; i++)
        {
            var value = TimeSpan.FromSeconds(random.Next(0, 7_200));
            (i % 3 == 0 ? a : b).Add(value);
            all.Add(value);
        }

        a.Merge(b);

        Assert.Equal(all.ToBytes(), a.ToBytes());
        Assert.Equal(all.ToBytes(), DurationSketch.FromBytes(all.ToBytes()).ToBytes());
        Assert.Equal(all.Median, DurationSketch.FromBytes(all.ToBytes()).Median);
    }

    [Fact]
    public void Rejects_bytes_that_are_not_a_sketch()
    {
        var bytes = new DurationSketch().ToBytes();
        Assert.Throws<FormatException>(() => DurationSketch.FromBytes([]));
        Assert.Throws<FormatException>(() => DurationSketch.FromBytes(bytes.Append((byte)1).ToArray()));
        bytes[0] = 9;
        Assert.Throws<FormatException>(() => DurationSketch.FromBytes(bytes));
    }

    private static double Gaussian(Random random) =>
        Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
}
