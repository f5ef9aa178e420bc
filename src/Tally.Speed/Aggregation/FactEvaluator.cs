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
    /// </summary>
    public static void Evaluate(in Fact fact, FactPhase phase, IReadOnlyList<PropertyValue> propertyValues, ViewDeltas deltas)
    {
        var hour = ViewKey.BucketOf(fact.Time, BucketSize.Hour);
        // Computed once per fact, not once per cell: every distinct-count cell of a fact adds the same
        // user, and most metrics share one list of breakdowns (a fact's ~25 cells come from 5 values).
        long userHash = HyperLogLog.HashOf(fact.User);
        IReadOnlyList<Dimension>? breakdownsOfValues = null;
        string[] breakdownValues = [];
        foreach (var metric in Metrics.Stored)
        {
            // Only a closed session's length is known; everything else about it is known at its start.
            bool needsLength = metric.Kind == AggregationKind.DurationMedian;
            if (needsLength != (phase == FactPhase.Close) || !metric.Accepts(fact))
            {
                continue;
            }
            var cell = new CellFact(metric, fact, userHash);
            string key = metric.Key.ValueOf(fact);
            deltas.Fold(cell, new ViewKey(fact.AppId, metric.Name, key, Dimension.TotalName, Dimension.TotalValue, BucketSize.Hour, hour));
            if (!ReferenceEquals(breakdownsOfValues, metric.Breakdowns))
            {
                breakdownsOfValues = metric.Breakdowns;
                breakdownValues = ValuesOf(metric.Breakdowns, fact);
            }
            for (int d = 0; d < breakdownValues.Length; d++)
            {
                deltas.Fold(cell, new ViewKey(fact.AppId, metric.Name, key, metric.Breakdowns[d].Name, breakdownValues[d], BucketSize.Hour, hour));
            }
            if (metric.BreaksDownByProperties)
            {
                foreach (var property in propertyValues)
                {
                    deltas.Fold(cell, new ViewKey(fact.AppId, metric.Name, key, property.Dimension, property.Value, BucketSize.Hour, hour));
                }
            }
            if (ReferenceEquals(metric, Metrics.ActiveUsers))
            {
                var minute = ViewKey.BucketOf(fact.Time, BucketSize.Minute);
                deltas.Fold(cell, new ViewKey(fact.AppId, metric.Name, key, Dimension.TotalName, Dimension.TotalValue, BucketSize.Minute, minute));
            }
        }
    }

    private static string[] ValuesOf(IReadOnlyList<Dimension> dimensions, in Fact fact)
    {
        var values = new string[dimensions.Count];
        for (int d = 0; d < values.Length; d++)
        {
            values[d] = dimensions[d].ValueOf(fact);
        }
        return values;
    }
}

/// <summary>A fact as one metric folds it, with the user's HyperLogLog hash computed once for all its cells.</summary>
internal readonly record struct CellFact(MetricDefinition Metric, Fact Fact, long UserHash);

/// <summary>A property breakdown cell of an event: the dimension name (<c>property:NAME</c>) and the value (or "(other)").</summary>
public readonly record struct PropertyValue(string Dimension, string Value);
