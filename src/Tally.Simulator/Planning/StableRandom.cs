namespace Tally.Simulator.Planning;

/// <summary>
/// Random streams that depend only on the seed and the coordinates given (app, device, day…), so
/// a plan is the same whatever order or parallelism it is computed in. <see cref="HashCode"/> is
/// randomised per process, hence this fixed mix (SplitMix64's finaliser).
/// </summary>
internal static class StableRandom
{
    public static Random For(long seed, params ReadOnlySpan<long> coordinates)
    {
        ulong state = Mix((ulong)seed);
        foreach (long coordinate in coordinates)
        {
            state = Mix(state ^ (ulong)coordinate + 0x9E3779B97F4A7C15UL);
        }
        return new Random((int)(state ^ (state >> 32)));
    }

    /// <summary>A hash of <paramref name="text"/> that is the same in every process (FNV-1a).</summary>
    public static long Key(string text)
    {
        ulong hash = 0xCBF29CE484222325UL;
        foreach (char c in text)
        {
            hash = (hash ^ c) * 0x100000001B3UL;
        }
        return (long)hash;
    }

    private static ulong Mix(ulong z)
    {
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }
}
