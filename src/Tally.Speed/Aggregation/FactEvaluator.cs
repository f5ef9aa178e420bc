using Tally.Core.Metrics;
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
        foreach (var metric in Metrics.Stored)
        {
            // Only a closed session's length is known; everything else about it is known at its start.
            bool needsLength = metric.Kind == AggregationKind.DurationMedian;
            if (needsLength != (phase == FactPhase.Close) || !metric.Accepts(fact))
            {
                continue;
            }
            string key = metric.Key.ValueOf(fact);
            deltas.Fold(metric, new ViewKey(fact.AppId, metric.Name, key, Dimension.TotalName, Dimension.TotalValue, BucketSize.Hour, hour), fact);
            foreach (var dimension in metric.Breakdowns)
            {
                deltas.Fold(metric, new ViewKey(fact.AppId, metric.Name, key, dimension.Name, dimension.ValueOf(fact), BucketSize.Hour, hour), fact);
            }
            if (metric.BreaksDownByProperties)
            {
                foreach (var property in propertyValues)
                {
                    deltas.Fold(metric, new ViewKey(fact.AppId, metric.Name, key, property.Dimension, property.Value, BucketSize.Hour, hour), fact);
                }
            }
            if (ReferenceEquals(metric, Metrics.ActiveUsers))
            {
                var minute = ViewKey.BucketOf(fact.Time, BucketSize.Minute);
                deltas.Fold(metric, new ViewKey(fact.AppId, metric.Name, key, Dimension.TotalName, Dimension.TotalValue, BucketSize.Minute, minute), fact);
            }
        }
    }
}

/// <summary>A property breakdown cell of an event: the dimension name (<c>property:NAME</c>) and the value (or "(other)").</summary>
public readonly record struct PropertyValue(string Dimension, string Value);
