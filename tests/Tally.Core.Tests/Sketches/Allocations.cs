namespace Tally.Core.Tests.Sketches;

/// <summary>Allocation checks that the runtime's own work on the test thread does not fail.</summary>
internal static class Allocations
{
    /// <summary>
    /// The fewest bytes the current thread allocated in up to <paramref name="runs"/> runs of
    /// <paramref name="action"/>, stopping at the first run that allocates none. The JIT's tiering
    /// (a method recompiled, or replaced while it runs) now and then allocates on the calling thread
    /// mid-run; code that allocates by itself does so on every run.
    /// </summary>
    public static long Fewest(Action action, int runs = 5)
    {
        long fewest = long.MaxValue;
        for (int run = 0; run < runs && fewest > 0; run++)
        {
            long before = GC.GetAllocatedBytesForCurrentThread();
            action();
            fewest = Math.Min(fewest, GC.GetAllocatedBytesForCurrentThread() - before);
        }
        return fewest;
    }
}
