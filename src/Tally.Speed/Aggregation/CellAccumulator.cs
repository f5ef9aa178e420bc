using Tally.Core.Metrics;
using Tally.Core.Sketches;
using Tally.Core.Views;

namespace Tally.Speed.Aggregation;

/// <summary>
/// The delta of one view cell since the last commit, folded by the metric's aggregation kind:
/// a number for counts, sums, minima and maxima, a HyperLogLog for distinct users, a
/// <see cref="DurationSketch"/> for medians. A struct held in place in <see cref="ViewDeltas"/>'s
/// dictionary: most cells of a commit interval are new, and a separate object per cell was a large
/// share of the speed layer's allocations. A distinct count keeps its first user's hash inline and
/// creates its HyperLogLog only when a second user arrives: most distinct cells of a commit interval
/// (a property value, a device model in one hour) see one user, and a sketch holding one hash is
/// the same whenever it is created.
/// </summary>
internal struct CellAccumulator(MetricDefinition metric)
{
    private double _value;
    private bool _hasValue;
    private long _onlyUser;
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
                AddUser(cell.UserHash);
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
                foreach (long hash in pending.Users)
                {
                    AddUser(hash);
                    _hasValue = true;
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
        AggregationKind.Distinct => DistinctCell(key),
        AggregationKind.DurationMedian => new ViewCell(key, _durations!.Median?.TotalSeconds ?? 0, _durations.ToBytes()),
        _ => new ViewCell(key, _value),
    };

    // Before the first user _hasValue is false; after it, _onlyUser holds that user until a sketch does.
    private void AddUser(long hash)
    {
        if (_users is not null)
        {
            _users.AddHash(hash);
        }
        else if (!_hasValue)
        {
            _onlyUser = hash;
        }
        else if (hash != _onlyUser)
        {
            _users = HyperLogLog.Create();
            _users.AddHash(_onlyUser);
            _users.AddHash(hash);
        }
    }

    private readonly ViewCell DistinctCell(ViewKey key)
    {
        var users = _users;
        if (users is null)
        {
            users = HyperLogLog.Create();
            users.AddHash(_onlyUser);
        }
        return new ViewCell(key, users.Estimate(), users.ToBytes());
    }

    private readonly double ValueOf(in Fact fact) => ValueOf(metric, fact);

    internal static double ValueOf(MetricDefinition metric, in Fact fact) =>
        metric.Value?.Invoke(fact)
            ?? throw new InvalidOperationException($"Metric {metric.Name} of kind {metric.Kind} has no Value.");
}
