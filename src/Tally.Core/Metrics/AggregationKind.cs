namespace Tally.Core.Metrics;

/// <summary>
/// How a metric folds its facts into one value per bucket. The batch layer evaluates every
/// kind exactly; the speed layer approximates <see cref="Distinct"/> with HyperLogLog and
/// <see cref="DurationMedian"/> with a mergeable histogram.
/// </summary>
public enum AggregationKind
{
    /// <summary>Number of facts.</summary>
    Count,

    /// <summary>Sum of the facts' values.</summary>
    Sum,

    /// <summary>Number of distinct users among the facts.</summary>
    Distinct,

    /// <summary>Smallest value.</summary>
    Min,

    /// <summary>Largest value.</summary>
    Max,

    /// <summary>Median of the facts' durations.</summary>
    DurationMedian,
}
