namespace Tally.Core.Tests.Sketches;

/// <summary>A reproducible Zipf-distributed stream of keys "v0" (most frequent) to "v{n−1}".</summary>
internal static class Zipf
{
    public static string[] Stream(int distinctKeys, double exponent, int length, int seed)
    {
        double[] cumulative = new double[distinctKeys];
        double sum = 0;
        for (int rank = 0; rank < distinctKeys; rank++)
        {
            sum += 1 / Math.Pow(rank + 1, exponent);
            cumulative[rank] = sum;
        }
        string[] keys = Enumerable.Range(0, distinctKeys).Select(rank => $"v{rank}").ToArray();
        var random = new Random(seed);
        var stream = new string[length];
        for (int i = 0; i < length; i++)
        {
            int rank = Array.BinarySearch(cumulative, random.NextDouble() * sum);
            stream[i] = keys[rank < 0 ? ~rank : rank];
        }
        return stream;
    }
}
