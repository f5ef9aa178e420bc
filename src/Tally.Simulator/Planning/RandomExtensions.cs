namespace Tally.Simulator.Planning;

internal static class RandomExtensions
{
    public static bool Chance(this Random random, double probability) => random.NextDouble() < probability;

    public static T Pick<T>(this Random random, IReadOnlyList<T> items) => items[random.Next(items.Count)];

    /// <summary>Picks an item with probability proportional to its weight.</summary>
    public static T PickWeighted<T>(this Random random, IReadOnlyList<(T Item, double Weight)> items)
    {
        double total = 0;
        foreach (var (_, weight) in items)
        {
            total += weight;
        }
        double target = random.NextDouble() * total;
        foreach (var (item, weight) in items)
        {
            target -= weight;
            if (target < 0)
            {
                return item;
            }
        }
        return items[^1].Item;
    }

    /// <summary>A log-normal sample: most values near <paramref name="median"/>, a long tail above it.</summary>
    public static double LogNormal(this Random random, double median, double sigma)
    {
        // Box-Muller; 1 - NextDouble() keeps the logarithm's argument above zero.
        double gaussian = Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
        return median * Math.Exp(sigma * gaussian);
    }
}
