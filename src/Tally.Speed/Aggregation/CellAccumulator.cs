using Tally.Core.Metrics;
using Tally.Core.Sketches;
using Tally.Core.Views;

namespace Tally.Speed.Aggregation;

/// <summary>
/// The delta of one view cell since the last commit, folded by the metric's aggregation kind:
/// a number for counts, sums, minima and maxima, a HyperLogLog for distinct users, a
/// <see cref="DurationSketch"/> for medians. A struct held in place in <see cref="ViewDeltas"/>'s
/// dictionary: most cells of a commit interval are new, and a separate object per cell was a large
/// share of the speed layer's allocations.
/// </summary>
internal struct CellAccumulator(MetricDefinition metric)
{
    private double _value;
    private bool _hasValue;
    private HyperLogLog? _users;
    private DurationSketch? _durations;

    public void Fold(in CellFact cell)
    {
        var fact = cell.Fact;
        switch (metric.Kind)
        {
            case AggregationKind.Count:
                _value++;
                break;
            case AggregationKind.Sum:
                _value += ValueOf(fact);
                break;
            case AggregationKind.Min:
                _value = _hasValue ? Math.Min(_value, ValueOf(fact)) : ValueOf(fact);
                break;
            case AggregationKind.Max:
                _value = _hasValue ? Math.Max(_value, ValueOf(fact)) : ValueOf(fact);
                break;
            case AggregationKind.Distinct:
                (_users ??= HyperLogLog.Create()).AddHash(cell.UserHash);
                break;
            case AggregationKind.DurationMedian:
                (_durations ??= new DurationSketch()).Add(fact.Duration);
                break;
            default:
                throw new InvalidOperationException($"Metric {metric.Name} has unknown aggregation kind {metric.Kind}.");
        }
        _hasValue = true;
    }

    /// <summary>Folds a record's pre-aggregated facts: the same result as folding each of them.</summary>
    public void Fold(PendingCell pending)
    {
        switch (metric.Kind)
        {
            case AggregationKind.Count:
                _value += pending.Count;
                break;
            case AggregationKind.Min:
                _value = _hasValue ? Math.Min(_value, pending.Min) : pending.Min;
                break;
            case AggregationKind.Max:
                _value = _hasValue ? Math.Max(_value, pending.Max) : pending.Max;
                break;
            case AggregationKind.Distinct:
                var users = _users ??= HyperLogLog.Create();
                foreach (long hash in pending.Users)
                {
                    users.AddHash(hash);
                }
                break;
            case AggregationKind.DurationMedian:
                var durations = _durations ??= new DurationSketch();
                foreach (var duration in pending.Durations)
                {
                    durations.Add(duration);
                }
                break;
            default:
                throw new InvalidOperationException($"Metric {metric.Name} of kind {metric.Kind} is folded fact by fact, not pre-aggregated.");
        }
        _hasValue = true;
    }

    public readonly ViewCell ToCell(ViewKey key) => metric.Kind switch
    {
        AggregationKind.Distinct => new ViewCell(key, _users!.Estimate(), _users.ToBytes()),
        AggregationKind.DurationMedian => new ViewCell(key, _durations!.Median?.TotalSeconds ?? 0, _durations.ToBytes()),
        _ => new ViewCell(key, _value),
    };

    private readonly double ValueOf(in Fact fact) => ValueOf(metric, fact);

    internal static double ValueOf(MetricDefinition metric, in Fact fact) =>
        metric.Value?.Invoke(fact)
            ?? throw new InvalidOperationException($"Metric {metric.Name} of kind {metric.Kind} has no Value.");
}
