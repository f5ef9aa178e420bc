namespace Tally.Core.Tests.Sketches;

/// <summary>Measures a filter's false-positive rate with keys from a set that was never added.</summary>
internal static class FalsePositives
{
    public const int NeverInserted = 1;

    /// <summary>Enough probes to expect 200 false positives at the target, so ±1.5σ is ±7 %; at least 100,000.</summary>
    public static int ProbesFor(double target) => (int)Math.Max(100_000, 200 / target);

    public delegate bool Lookup(ReadOnlySpan<byte> key);

    public static double Rate(int seed, double target, Lookup mightContain)
    {
        int probes = ProbesFor(target);
        Span<byte> key = stackalloc byte[Keys.Size];
        int falsePositives = 0;
        for (int i = 0; i < probes; i++)
        {
            Keys.Write(key, seed, NeverInserted, i);
            falsePositives += mightContain(key) ? 1 : 0;
        }
        return (double)falsePositives / probes;
    }
}
