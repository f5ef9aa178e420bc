namespace Tally.Core.Metrics;

/// <summary>
/// A stored metric: which facts it takes, what it folds them into, and what it is keyed and
/// broken down by. Both layers evaluate exactly these definitions — the batch layer exactly,
/// the speed layer with sketches — so a metric means the same thing live and in history.
/// </summary>
public sealed record MetricDefinition
{
    /// <summary>The name in the API and the view store, e.g. <c>active_users</c>.</summary>
    public required string Name { get; init; }

    public required string Description { get; init; }

    public required FactSource Source { get; init; }

    public required AggregationKind Kind { get; init; }

    /// <summary>Which facts of <see cref="Source"/> count; all by default.</summary>
    public Func<Fact, bool> Filter { get; init; } = static _ => true;

    /// <summary>The number a <see cref="AggregationKind.Sum"/>, <see cref="AggregationKind.Min"/> or <see cref="AggregationKind.Max"/> folds.</summary>
    public Func<Fact, double>? Value { get; init; }

    /// <summary>
    /// The metric's own key: <see cref="Dimension.Total"/> for app-wide metrics,
    /// <see cref="Dimension.EventName"/> for the per-event ones.
    /// </summary>
    public Dimension Key { get; init; } = Dimension.Total;

    /// <summary>The dimensions each bucket is also broken down by (one at a time).</summary>
    public IReadOnlyList<Dimension> Breakdowns { get; init; } = Dimension.ContextBreakdowns;

    /// <summary>Whether buckets are also broken down by the values of the event's top-level properties (<c>property:NAME</c>).</summary>
    public bool BreaksDownByProperties { get; init; }

    public bool Accepts(in Fact fact) => fact.Source == Source && Filter(fact);

    public override string ToString() => Name;
}
