using Tally.Core.Metrics;
using Tally.Core.Sketches;
using Tally.Core.Views;

namespace Tally.Speed.Aggregation;

/// <summary>When a fact is evaluated: sessions are counted when they start but measured when they close.</summary>
public enum FactPhase
{
    /// <summary>An event or new-user fact, or a session as it starts: every metric except duration medians.</summary>
    Start,

    /// <summary>A closed session: only the metrics that need its length (<see cref="AggregationKind.DurationMedian"/>).</summary>
    Close,
}

/// <summary>
/// Evaluates every stored metric of <see cref="Metrics.Stored"/> on a fact: the one place where
/// the speed layer turns facts into view cells, keyed as the definitions say.
/// </summary>
public static class FactEvaluator
{
    /// <summary>
    /// Folds <paramref name="fact"/> into the hour cells of every metric that accepts it (total,
    /// each breakdown, and <paramref name="propertyValues"/> for metrics broken down by
    /// properties), plus the minute cell of <see cref="Metrics.ActiveUsers"/> for "active users now".
    /// The straightforward evaluation, fact by fact; <see cref="RecordAggregator"/> folds a record's
    /// facts together first and must leave the cells exactly as this does.
    /// </summary>
    public static void Evaluate(in Fact fact, FactPhase phase, IReadOnlyList<PropertyValue> propertyValues, ViewDeltas deltas)
    {
        long userHash = HyperLogLog.HashOf(fact.User);
        foreach (var metric in Metrics.Stored)
        {
            if (Applies(metric, fact, phase))
            {
                EvaluateMetric(new CellFact(metric, fact, userHash), propertyValues, deltas);
            }
        }
    }

    /// <summary>Whether <paramref name="metric"/> takes <paramref name="fact"/> in <paramref name="phase"/>.</summary>
    internal static bool Applies(MetricDefinition metric, in Fact fact, FactPhase phase)
    {
        // Only a closed session's length is known; everything else about it is known at its start.
        bool needsLength = metric.Kind == AggregationKind.DurationMedian;
        return needsLength == (phase == FactPhase.Close) && metric.Accepts(fact);
    }

    /// <summary>Whether the metric also has minute cells ("active users now"), total only.</summary>
    internal static bool HasMinuteCells(MetricDefinition metric) => ReferenceEquals(metric, Metrics.ActiveUsers);

    /// <summary>Folds one fact into every cell of one metric that accepts it.</summary>
    internal static void EvaluateMetric(in CellFact cell, IReadOnlyList<PropertyValue> propertyValues, ViewDeltas deltas)
    {
        var (metric, fact) = (cell.Metric, cell.Fact);
        var hour = ViewKey.BucketOf(fact.Time, BucketSize.Hour);
        string key = metric.Key.ValueOf(fact);
        deltas.Fold(cell, new ViewKey(fact.AppId, metric.Name, key, Dimension.TotalName, Dimension.TotalValue, BucketSize.Hour, hour));
        foreach (var dimension in metric.Breakdowns)
        {
            deltas.Fold(cell, new ViewKey(fact.AppId, metric.Name, key, dimension.Name, dimension.ValueOf(fact), BucketSize.Hour, hour));
        }
        if (metric.BreaksDownByProperties)
        {
            foreach (var property in propertyValues)
            {
                deltas.Fold(cell, new ViewKey(fact.AppId, metric.Name, key, property.Dimension, property.Value, BucketSize.Hour, hour));
            }
        }
        if (HasMinuteCells(metric))
        {
            var minute = ViewKey.BucketOf(fact.Time, BucketSize.Minute);
            deltas.Fold(cell, new ViewKey(fact.AppId, metric.Name, key, Dimension.TotalName, Dimension.TotalValue, BucketSize.Minute, minute));
        }
    }
}

/// <summary>A fact as one metric folds it, with the user's HyperLogLog hash computed once for all its cells.</summary>
internal readonly record struct CellFact(MetricDefinition Metric, Fact Fact, long UserHash);

/// <summary>A property breakdown cell of an event: the dimension name (<c>property:NAME</c>) and the value (or "(other)").</summary>
public readonly record struct PropertyValue(string Dimension, string Value);
