using Tally.Core.Events;

namespace Tally.Core.Metrics;

/// <summary>
/// Every metric of ARCHITECTURE.md ("Metrics"), defined once. Stored metrics are evaluated
/// per hour bucket by the batch and speed layers; derived metrics are computed by the query
/// layer from stored ones.
/// </summary>
public static class Metrics
{
    /// <summary>The event name mobile SDKs (Tally's and Segment's) report crashes with.</summary>
    public const string CrashEventName = "Application Crashed";

    // One instance for every metric of track events: metrics with the very same filter, key and
    // breakdowns take the same facts into the same cells, which an evaluator may use to share work.
    private static readonly Func<Fact, bool> IsTrackEvent = static f => f.Event.Type == EventType.Track;

    public static readonly MetricDefinition ActiveUsers = new()
    {
        Name = "active_users",
        Description = "Distinct users with at least one event.",
        Source = FactSource.Event,
        Kind = AggregationKind.Distinct,
    };

    public static readonly MetricDefinition NewUsers = new()
    {
        Name = "new_users",
        Description = "Users whose first event ever falls in the bucket.",
        Source = FactSource.NewUser,
        Kind = AggregationKind.Count,
    };

    public static readonly MetricDefinition Sessions = new()
    {
        Name = "sessions",
        Description = "Sessions started in the bucket.",
        Source = FactSource.Session,
        Kind = AggregationKind.Count,
    };

    public static readonly MetricDefinition SessionLengthMedian = new()
    {
        Name = "session_length_median",
        Description = "Median length (last − first event time) of the sessions started in the bucket.",
        Source = FactSource.Session,
        Kind = AggregationKind.DurationMedian,
    };

    public static readonly MetricDefinition CrashedUsers = new()
    {
        Name = "crashed_users",
        Description = "Distinct users who reported a crash.",
        Source = FactSource.Event,
        Kind = AggregationKind.Distinct,
        Filter = static f => f.Event.Type == EventType.Track && f.Event.Event == CrashEventName,
    };

    public static readonly MetricDefinition Events = new()
    {
        Name = "events",
        Description = "Track events, per event name.",
        Source = FactSource.Event,
        Kind = AggregationKind.Count,
        Filter = IsTrackEvent,
        Key = Dimension.EventName,
        BreaksDownByProperties = true,
    };

    public static readonly MetricDefinition EventUsers = new()
    {
        Name = "event_users",
        Description = "Distinct users with a track event, per event name.",
        Source = FactSource.Event,
        Kind = AggregationKind.Distinct,
        Filter = IsTrackEvent,
        Key = Dimension.EventName,
        BreaksDownByProperties = true,
    };

    /// <summary>The metrics the batch and speed layers store.</summary>
    public static IReadOnlyList<MetricDefinition> Stored { get; } =
        [ActiveUsers, NewUsers, Sessions, SessionLengthMedian, CrashedUsers, Events, EventUsers];

    /// <summary>1 − crashed users / active users, over the same bucket.</summary>
    public static readonly DerivedMetric CrashFreeUsers = new("crash_free_users",
        "Share of active users who did not report a crash.", [CrashedUsers, ActiveUsers]);

    /// <summary>Distinct users over the 7 days ending with each bucket (union of daily sketches).</summary>
    public static readonly DerivedMetric Wau = new("wau", "Distinct users over a rolling 7 days.", [ActiveUsers], RollingDays: 7);

    /// <summary>Distinct users over the 30 days ending with each bucket (union of daily sketches).</summary>
    public static readonly DerivedMetric Mau = new("mau", "Distinct users over a rolling 30 days.", [ActiveUsers], RollingDays: 30);

    public static IReadOnlyList<DerivedMetric> Derived { get; } = [CrashFreeUsers, Wau, Mau];

    public static MetricDefinition? FindStored(string name) => Stored.FirstOrDefault(m => m.Name == name);
}

/// <summary>A metric the query layer computes from stored ones.</summary>
/// <param name="RollingDays">For rolling distinct counts: the window, in days; 0 otherwise.</param>
public sealed record DerivedMetric(string Name, string Description, IReadOnlyList<MetricDefinition> Inputs, int RollingDays = 0);
