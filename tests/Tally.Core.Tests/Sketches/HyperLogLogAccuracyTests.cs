using Tally.Core.Sketches;
using Xunit.Abstractions;

namespace Tally.Core.Tests.Sketches;

/// <summary>
/// One pass per seed adds distinct elements and checks the estimate at 1, 2, 5, 10, 20, 50, …:
/// exact while hashes are kept explicitly, otherwise within 3 standard errors (3 × 1.04/√m).
/// Inputs are deterministic, so a pass is a pass on every machine.
/// </summary>
public class HyperLogLogAccuracyTests(ITestOutputHelper output)
{
    public static TheoryData<int> Seeds => [.. Enumerable.Range(1, 8)];

    [Theory]
    [MemberData(nameof(Seeds))]
    public void Within_three_standard_errors_up_to_one_million(int seed) =>
        CheckUpTo(1_000_000, seed);

    // 8 × 10 million adds take several seconds on a loaded 2-core machine; CI still runs it.
    [Theory]
    [Trait("Category", "Slow")]
    [MemberData(nameof(Seeds))]
    public void Within_three_standard_errors_up_to_ten_million(int seed) =>
        CheckUpTo(10_000_000, seed);

    private void CheckUpTo(long limit, int seed)
    {
        var sketch = HyperLogLog.Create();
        double bound = 3 * sketch.StandardError;
        double worst = 0;
        long worstAt = 0;
        long added = 0;
        foreach (long checkpoint in Checkpoints(limit))
        {
            for (; added < checkpoint; added++)
            {
                sketch.AddHash(TestHashes.Element(1000 + seed, added));
            }
            double estimate = sketch.Estimate();
            if (sketch.IsExact)
            {
                Assert.Equal(checkpoint, estimate);
                continue;
            }
            double error = Math.Abs(estimate - checkpoint) / checkpoint;
            if (error > worst)
            {
                (worst, worstAt) = (error, checkpoint);
            }
            Assert.True(error <= bound, $"seed {seed}: estimate {estimate} for {checkpoint} is off by {error:P3} (bound {bound:P3})");
        }
        output.WriteLine($"seed {seed}: worst relative error {worst:P3} at {worstAt:N0}, checked up to {limit:N0} (bound {bound:P3})");
    }

    private static IEnumerable<long> Checkpoints(long limit)
    {
        for (long decade = 1; decade <= limit; decade *= 10)
        {
            foreach (long step in new long[] { 1, 2, 5 })
            {
                if (decade * step <= limit)
                {
                    yield return decade * step;
                }
            }
        }
    }
}
