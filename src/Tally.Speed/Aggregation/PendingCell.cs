using Tally.Core.Metrics;

namespace Tally.Speed.Aggregation;

/// <summary>
/// The facts of one log record that fold into the same cells, folded as far as their metric's
/// aggregation kind allows without changing the result: a count, the smallest and largest value,
/// the distinct user hashes, the durations. <see cref="CellAccumulator"/> then folds this once per
/// cell instead of once per fact. Reused across records (see <see cref="RecordAggregator"/>).
/// </summary>
internal sealed class PendingCell
{
    private readonly HashSet<long> _users = [];
    private readonly List<TimeSpan> _durations = [];

    public MetricDefinition Metric { get; private set; } = null!;

    public long Count { get; private set; }

    public double Min { get; private set; }

    public double Max { get; private set; }

    // Concrete collection types so that folding enumerates them without boxing an enumerator per cell.

    /// <summary>The users' HyperLogLog hashes, each once (adding a hash again does not change a sketch). Read only.</summary>
    public HashSet<long> Users => _users;

    /// <summary>Read only.</summary>
    public List<TimeSpan> Durations => _durations;

    public void Reset(MetricDefinition metric)
    {
        Metric = metric;
        Count = 0;
        _users.Clear();
        _durations.Clear();
    }

    public void Fold(in CellFact cell)
    {
        switch (Metric.Kind)
        {
            case AggregationKind.Min or AggregationKind.Max:
                double value = CellAccumulator.ValueOf(Metric, cell.Fact);
                Min = Count == 0 ? value : Math.Min(Min, value);
                Max = Count == 0 ? value : Math.Max(Max, value);
                break;
            case AggregationKind.Distinct:
                _users.Add(cell.UserHash);
                break;
            case AggregationKind.DurationMedian:
                _durations.Add(cell.Fact.Duration);
                break;
            case AggregationKind.Count:
                break;
            default:
                // A float sum pre-added in another order could differ in its last bit from the fact-by-fact sum.
                throw new InvalidOperationException($"Metric {Metric.Name} of kind {Metric.Kind} is folded fact by fact, not pre-aggregated.");
        }
        Count++;
    }
}
