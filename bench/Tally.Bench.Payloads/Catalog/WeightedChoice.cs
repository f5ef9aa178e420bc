namespace Tally.Bench.Payloads.Catalog;

/// <summary>
/// Picks one of a fixed set of values with given relative weights. Real traffic is skewed
/// (most users on the newest app version, a few device models dominate), and a uniform pick
/// would make every breakdown look the same.
/// </summary>
internal sealed class WeightedChoice<T>
{
    private readonly T[] _values;
    private readonly double[] _cumulative;

    public WeightedChoice(params (T Value, double Weight)[] entries)
    {
        ArgumentOutOfRangeException.ThrowIfZero(entries.Length);
        _values = new T[entries.Length];
        _cumulative = new double[entries.Length];
        var total = 0.0;
        for (var i = 0; i < entries.Length; i++)
        {
            ArgumentOutOfRangeException.ThrowIfNegativeOrZero(entries[i].Weight);
            total += entries[i].Weight;
            _values[i] = entries[i].Value;
            _cumulative[i] = total;
        }
    }

    public IReadOnlyList<T> Values => _values;

    public T Pick(Random random)
    {
        var target = random.NextDouble() * _cumulative[^1];
        var index = Array.BinarySearch(_cumulative, target);
        // BinarySearch returns the complement of the next larger element when there is no exact match.
        return _values[index >= 0 ? index : ~index];
    }
}
