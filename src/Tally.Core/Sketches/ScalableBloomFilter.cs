namespace Tally.Core.Sketches;

/// <summary>
/// A Bloom filter that keeps its false-positive rate however many items arrive (Almeida et al.,
/// "Scalable Bloom Filters", 2007). Items go into the newest stage; once that stage's fill implies
/// its share of the error budget, a new stage twice as large with half the share opens. Stage i
/// gets rate · 2<sup>−(i+1)</sup>, so the shares sum to less than <see cref="FalsePositiveRate"/>
/// for any number of stages: an overloaded filter costs memory, never accuracy.
/// Stages are allocated on the first add, so an unused filter holds no bit array.
/// </summary>
public sealed partial class ScalableBloomFilter
{
    // Each stage holds twice the items of the one before, so a flood of x times the capacity needs
    // only log2(x) + 1 stages (and lookups).
    private const int GrowthFactor = 2;

    // Stage i gets rate · Tightening^i · (1 − Tightening). Half gives the first (usually only) stage
    // half the budget: 1.4 extra bits per item, against 4.8 for the 0.9 the paper suggests.
    private const double Tightening = 0.5;

    // Stages are built for 5 % more items than their capacity: the fill at which a stage saturates
    // varies by a few percent between filters (k and m are rounded), and a slice that receives
    // exactly its expected items should not open a second stage twice its size.
    private const double Headroom = 1.05;

    private readonly List<Stage> _stages = [];

    public ScalableBloomFilter(long initialCapacity, double falsePositiveRate = BloomFilter.DefaultFalsePositiveRate)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(initialCapacity, 1);
        if (!(falsePositiveRate is > 0 and < 1))
        {
            throw new ArgumentOutOfRangeException(nameof(falsePositiveRate), falsePositiveRate, "The false-positive rate must be between 0 and 1, exclusive.");
        }
        InitialCapacity = initialCapacity;
        FalsePositiveRate = falsePositiveRate;
    }

    /// <summary>Items the first stage is sized for.</summary>
    public long InitialCapacity { get; }

    /// <summary>The bound on the false-positive rate of a lookup, over all stages together.</summary>
    public double FalsePositiveRate { get; }

    /// <summary>One stage per overflow of the previous one; more than one means the filter was sized too small.</summary>
    public int StageCount => _stages.Count;

    public long SizeInBytes => _stages.Sum(stage => stage.Filter.SizeInBytes);

    public double EstimatedCount => _stages.Sum(stage => stage.Filter.EstimatedCount);

    /// <summary>The false-positive rate implied by the stages' current fills (at most <see cref="FalsePositiveRate"/>).</summary>
    public double EstimatedFalsePositiveRate =>
        1 - _stages.Aggregate(1.0, (notFalse, stage) => notFalse * (1 - stage.Filter.EstimatedFalsePositiveRate));

    /// <summary>Adds <paramref name="item"/>; true if it was possibly present before.</summary>
    public bool Add(ReadOnlySpan<byte> item) => Add(BloomHash.Of(item));

    public bool MightContain(ReadOnlySpan<byte> item) => MightContain(BloomHash.Of(item));

    /// <summary>Forgets every item and releases the stages' memory.</summary>
    public void Clear() => _stages.Clear();

    internal bool Add(BloomHash hash)
    {
        int last = _stages.Count - 1;
        for (int i = 0; i < last; i++)
        {
            if (_stages[i].Filter.MightContain(hash))
            {
                return true;
            }
        }
        Stage current = last >= 0 ? _stages[last] : OpenStage();
        if (current.Filter.Add(hash))
        {
            return true;
        }
        // Open the next stage while one more item (at most k new bits) still keeps this one within its share.
        if (current.Filter.SetBitCount + current.Filter.HashCount > current.SaturationBitCount)
        {
            OpenStage();
        }
        return false;
    }

    internal bool MightContain(BloomHash hash)
    {
        foreach (Stage stage in _stages)
        {
            if (stage.Filter.MightContain(hash))
            {
                return true;
            }
        }
        return false;
    }

    private Stage OpenStage()
    {
        if (!TryDesignStage(_stages.Count, out long capacity, out double rate))
        {
            throw new InvalidOperationException($"A scalable Bloom filter sized for {InitialCapacity} items cannot open stage {_stages.Count + 1}: it would exceed {BloomFilter.MaxBitCount} bits. Size it for the real number of items.");
        }
        var stage = Stage.For(BloomFilter.Create(capacity, rate), rate);
        _stages.Add(stage);
        return stage;
    }

    private bool TryDesignStage(int index, out long capacity, out double rate)
    {
        double items = Math.Ceiling(InitialCapacity * Headroom * Math.Pow(GrowthFactor, index));
        rate = FalsePositiveRate * (1 - Tightening) * Math.Pow(Tightening, index);
        capacity = (long)Math.Min(items, long.MaxValue);
        return BloomFilter.TryShape(capacity, rate, BloomLayout.Blocked, out _, out _);
    }

    /// <param name="SaturationBitCount">
    /// The fill at which the stage's estimated false-positive rate reaches its share of the error
    /// budget: the stage takes no more items from there on.
    /// </param>
    private sealed record Stage(BloomFilter Filter, long SaturationBitCount)
    {
        public static Stage For(BloomFilter filter, double rate) => new(filter, filter.SaturationBitCount(rate));
    }
}
