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
/// <para>
/// Sixteen bytes, so that a dictionary entry with its key fits in 56: folding is mostly cache misses
/// on the tens of thousands of cells of an interval. The metric is not held (every caller has it);
/// one word holds the number's bits or the only user's hash, the other what has been folded: nothing
/// (null), a number or one user (<see cref="Started"/>), or the sketch.
/// </para>
/// </summary>
internal struct CellAccumulator
{
    private static readonly object Started = new();

    private long _bits;
    private object? _state;

    private double Value
    {
        readonly get => BitConverter.Int64BitsToDouble(_bits);
        set => _bits = BitConverter.DoubleToInt64Bits(value);
    }

    private readonly bool HasValue => _state is not null;

    /// <summary>Whether nothing has been folded yet.</summary>
    public readonly bool IsEmpty => _state is null;

    public void Fold(in CellFact cell)
    {
        var (metric, fact) = (cell.Metric, cell.Fact);
        switch (metric.Kind)
        {
            case AggregationKind.Count:
                Value++;
                break;
            case AggregationKind.Sum:
                Value += ValueOf(metric, fact);
                break;
            case AggregationKind.Min:
                Value = HasValue ? Math.Min(Value, ValueOf(metric, fact)) : ValueOf(metric, fact);
                break;
            case AggregationKind.Max:
                Value = HasValue ? Math.Max(Value, ValueOf(metric, fact)) : ValueOf(metric, fact);
                break;
            case AggregationKind.Distinct:
                AddUser(cell.UserHash);
                return;
            case AggregationKind.DurationMedian:
                Durations().Add(fact.Duration);
                return;
            default:
                throw new InvalidOperationException($"Metric {metric.Name} has unknown aggregation kind {metric.Kind}.");
        }
        _state ??= Started;
    }

    /// <summary>Folds a record's pre-aggregated facts for <paramref name="metric"/>, a member of their family: the same result as folding each of them.</summary>
    public void Fold(PendingCell pending, MetricDefinition metric)
    {
        switch (metric.Kind)
        {
            case AggregationKind.Count:
                Value += pending.Count;
                break;
            case AggregationKind.Min:
                Value = HasValue ? Math.Min(Value, pending.Min) : pending.Min;
                break;
            case AggregationKind.Max:
                Value = HasValue ? Math.Max(Value, pending.Max) : pending.Max;
                break;
            case AggregationKind.Distinct:
                foreach (long hash in pending.Users)
                {
                    AddUser(hash);
                }
                return;
            case AggregationKind.DurationMedian:
                var durations = Durations();
                foreach (var duration in pending.Durations)
                {
                    durations.Add(duration);
                }
                return;
            default:
                throw new InvalidOperationException($"Metric {metric.Name} of kind {metric.Kind} is folded fact by fact, not pre-aggregated.");
        }
        _state ??= Started;
    }

    /// <summary>The cell of <paramref name="metric"/>, the metric every fold of this accumulator had.</summary>
    public readonly ViewCell ToCell(ViewKey key, MetricDefinition metric) => metric.Kind switch
    {
        AggregationKind.Distinct => DistinctCell(key),
        AggregationKind.DurationMedian => DurationCell(key),
        _ => new ViewCell(key, Value),
    };

    // Before the first user _state is null; after it, _bits holds that user until a sketch does.
    private void AddUser(long hash)
    {
        if (_state is HyperLogLog users)
        {
            users.AddHash(hash);
        }
        else if (_state is null)
        {
            _bits = hash;
            _state = Started;
        }
        else if (hash != _bits)
        {
            users = HyperLogLog.Create();
            users.AddHash(_bits);
            users.AddHash(hash);
            _state = users;
        }
    }

    private DurationSketch Durations()
    {
        if (_state is not DurationSketch durations)
        {
            durations = new DurationSketch();
            _state = durations;
        }
        return durations;
    }

    private readonly ViewCell DistinctCell(ViewKey key)
    {
        if (_state is not HyperLogLog users)
        {
            users = HyperLogLog.Create();
            users.AddHash(_bits);
        }
        return new ViewCell(key, users.Estimate(), users.ToBytes());
    }

    private readonly ViewCell DurationCell(ViewKey key)
    {
        var durations = (DurationSketch)_state!;
        return new ViewCell(key, durations.Median?.TotalSeconds ?? 0, durations.ToBytes());
    }

    internal static double ValueOf(MetricDefinition metric, in Fact fact) =>
        metric.Value?.Invoke(fact)
            ?? throw new InvalidOperationException($"Metric {metric.Name} of kind {metric.Kind} has no Value.");
}
