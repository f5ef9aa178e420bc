using Tally.Core.Metrics;

namespace Tally.Speed.Aggregation;

/// <summary>
/// Stored metrics that take the same facts into the same cells and differ only in what they fold:
/// the same source and phase, the very same filter, key and breakdown list (by reference), the same
/// property breakdowns and minute cells. The speed layer looks a cell up once per family and keeps
/// one accumulator per member, so <c>events</c> and <c>event_users</c> — most of the cells of a
/// commit interval — share every lookup. A grouping of the definitions, not a definition: each
/// member's cells are exactly those of evaluating it alone.
/// <para>
/// Metrics folding a <see cref="MetricDefinition.Value"/> (sums, minima, maxima) stay alone: their
/// pending state is the value of one metric.
/// </para>
/// </summary>
internal sealed class MetricFamily
{
    /// <summary>Members at most: the accumulators of a cell are held inline (see <see cref="FamilyAccumulators"/>).</summary>
    public const int MaxMembers = 2;

    private static readonly Dictionary<MetricDefinition, (MetricFamily Family, int Member)> FamilyOf =
        new(ReferenceEqualityComparer.Instance);

    private readonly List<MetricDefinition> _members;

    private MetricFamily(int index, MetricDefinition first)
    {
        Index = index;
        _members = [first];
    }

    /// <summary>The families of <see cref="Metrics.Stored"/>, in the order of their first member.</summary>
    public static IReadOnlyList<MetricFamily> Stored { get; } = Group(Metrics.Stored);

    /// <summary>The position in <see cref="Stored"/>.</summary>
    public int Index { get; }

    public IReadOnlyList<MetricDefinition> Members => _members;

    /// <summary>The first member, which stands for all in what they share: filter, key, breakdowns.</summary>
    public MetricDefinition Lead => _members[0];

    /// <summary>Sums are added fact by fact: a float sum pre-added in another order could differ in its last bit.</summary>
    public bool FoldedFactByFact => Lead.Kind == AggregationKind.Sum;

    public bool HasMinuteCells => FactEvaluator.HasMinuteCells(Lead);

    /// <summary>Whether a member counts distinct users (pending cells then collect the users' hashes).</summary>
    public bool NeedsUsers { get; private set; }

    /// <summary>Whether a member takes a median of durations.</summary>
    public bool NeedsDurations { get; private set; }

    /// <summary>Whether the (only) member keeps the smallest and largest value.</summary>
    public bool NeedsMinMax => Lead.Kind is AggregationKind.Min or AggregationKind.Max;

    public bool Applies(in Fact fact, FactPhase phase) => FactEvaluator.Applies(Lead, fact, phase);

    /// <summary>The family of a stored metric and the metric's place among its members.</summary>
    public static (MetricFamily Family, int Member) Of(MetricDefinition metric) =>
        FamilyOf.TryGetValue(metric, out var found)
            ? found
            : throw new ArgumentException($"Metric {metric.Name} is not one of Metrics.Stored.", nameof(metric));

    private static List<MetricFamily> Group(IReadOnlyList<MetricDefinition> metrics)
    {
        var families = new List<MetricFamily>();
        foreach (var metric in metrics)
        {
            var family = families.FirstOrDefault(candidate => candidate.CanTake(metric));
            if (family is null)
            {
                family = new MetricFamily(families.Count, metric);
                families.Add(family);
            }
            else
            {
                family._members.Add(metric);
            }
            family.NeedsUsers |= metric.Kind == AggregationKind.Distinct;
            family.NeedsDurations |= metric.Kind == AggregationKind.DurationMedian;
            FamilyOf.Add(metric, (family, family._members.Count - 1));
        }
        return families;
    }

    private bool CanTake(MetricDefinition metric) =>
        _members.Count < MaxMembers
        && FoldsFactsOnly(Lead) && FoldsFactsOnly(metric)
        && metric.Source == Lead.Source
        && ReferenceEquals(metric.Filter, Lead.Filter)
        && ReferenceEquals(metric.Key, Lead.Key)
        && ReferenceEquals(metric.Breakdowns, Lead.Breakdowns)
        && metric.BreaksDownByProperties == Lead.BreaksDownByProperties
        && (metric.Kind == AggregationKind.DurationMedian) == (Lead.Kind == AggregationKind.DurationMedian)
        && FactEvaluator.HasMinuteCells(metric) == FactEvaluator.HasMinuteCells(Lead);

    // Counts, distinct users and duration medians fold the fact itself, never a metric's Value.
    private static bool FoldsFactsOnly(MetricDefinition metric) =>
        metric.Kind is AggregationKind.Count or AggregationKind.Distinct or AggregationKind.DurationMedian;
}
