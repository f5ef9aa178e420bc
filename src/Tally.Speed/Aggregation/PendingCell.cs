using Tally.Core.Metrics;

namespace Tally.Speed.Aggregation;

/// <summary>
/// The facts of one log record that fold into the same cells of one <see cref="MetricFamily"/>,
/// folded as far as the members' aggregation kinds allow without changing the result: a count, the
/// smallest and largest value, the distinct user hashes, the durations. <see cref="CellAccumulator"/>
/// then folds this once per cell and member instead of once per fact. Reused across records (see
/// <see cref="RecordAggregator"/>).
/// </summary>
internal sealed class PendingCell
{
    private readonly HashSet<long> _users = [];
    private readonly List<TimeSpan> _durations = [];

    public MetricFamily Family { get; private set; } = null!;

    public long Count { get; private set; }

    public double Min { get; private set; }

    public double Max { get; private set; }

    // Concrete collection types so that folding enumerates them without boxing an enumerator per cell.

    /// <summary>The users' HyperLogLog hashes, each once (adding a hash again does not change a sketch). Read only.</summary>
    public HashSet<long> Users => _users;

    /// <summary>Read only.</summary>
    public List<TimeSpan> Durations => _durations;

    public void Reset(MetricFamily family)
    {
        if (family.FoldedFactByFact)
        {
            throw new InvalidOperationException($"Metric {family.Lead.Name} of kind {family.Lead.Kind} is folded fact by fact, not pre-aggregated.");
        }
        Family = family;
        Count = 0;
        _users.Clear();
        _durations.Clear();
    }

    public void Fold(in Fact fact, long userHash)
    {
        var family = Family;
        if (family.NeedsMinMax)
        {
            double value = CellAccumulator.ValueOf(family.Lead, fact);
            Min = Count == 0 ? value : Math.Min(Min, value);
            Max = Count == 0 ? value : Math.Max(Max, value);
        }
        if (family.NeedsUsers)
        {
            _users.Add(userHash);
        }
        if (family.NeedsDurations)
        {
            _durations.Add(fact.Duration);
        }
        Count++;
    }
}
