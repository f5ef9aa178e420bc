namespace Tally.Core.Sketches;

/// <summary>
/// One heavy hitter: the key's true count lies in [<see cref="Count"/> − <see cref="MaxError"/>, <see cref="Count"/>].
/// </summary>
public readonly record struct TopKEntry(string Key, long Count, long MaxError)
{
    /// <summary>The smallest the true count can be.</summary>
    public long GuaranteedCount => Count - MaxError;
}
