using Tally.Core.Metrics;
using Tally.Query.Merge;

namespace Tally.Query.Http;

/// <summary>A validated <c>GET /api/v1/apps/{appId}/metrics/{metric}</c>.</summary>
public sealed record MetricRequest(
    string Metric,
    TimeRange Range,
    QueryInterval Interval,
    Dimension Breakdown,
    string? Event,
    int Limit)
{
    public const int DefaultLimit = 10;
    public const int MaxLimit = 100;

    /// <summary>The metrics the API serves: stored ones users read directly, and the derived ones.</summary>
    public static IReadOnlyList<string> Names { get; } =
    [
        Metrics.ActiveUsers.Name, Metrics.NewUsers.Name, Metrics.Sessions.Name, Metrics.SessionLengthMedian.Name,
        Metrics.CrashFreeUsers.Name, Metrics.Events.Name, Metrics.EventUsers.Name, Metrics.Wau.Name, Metrics.Mau.Name,
    ];

    /// <exception cref="BadParameterException">A parameter is unknown, malformed or does not fit the metric.</exception>
    public static MetricRequest Parse(
        string metric, string? from, string? to, string? interval, string? breakdown, string? @event, int? limit, DateTimeOffset now)
    {
        if (!Names.Contains(metric))
        {
            throw new BadParameterException(nameof(metric), $"Unknown metric '{metric}'; one of {string.Join(", ", Names)}.");
        }
        var parsedInterval = QueryInterval.Day;
        if (interval is not null && !QueryIntervals.TryParse(interval, out parsedInterval))
        {
            throw new BadParameterException(nameof(interval), $"Unknown interval '{interval}'; one of hour, day, week, month.");
        }
        bool rolling = metric == Metrics.Wau.Name || metric == Metrics.Mau.Name;
        if (rolling && parsedInterval == QueryInterval.Hour)
        {
            throw new BadParameterException(nameof(interval), $"{metric} is a rolling count of days; use interval day, week or month.");
        }
        var definition = Metrics.FindStored(metric);
        bool perEvent = definition?.Key == Dimension.EventName;
        if (@event is not null && !perEvent)
        {
            throw new BadParameterException(nameof(@event), $"event= selects an event of {Metrics.Events.Name} or {Metrics.EventUsers.Name}, not of {metric}.");
        }
        if (@event is { Length: 0 })
        {
            throw new BadParameterException(nameof(@event), "event= must name an event.");
        }
        var dimension = ParseBreakdown(breakdown, definition);
        if (limit is < 1 or > MaxLimit)
        {
            throw new BadParameterException(nameof(limit), $"limit must be between 1 and {MaxLimit}, not {limit}.");
        }
        var range = TimeRange.Parse(from, to, now, TimeRange.DefaultLengthOf(parsedInterval), TimeRange.MaxLengthOf(parsedInterval));
        return new MetricRequest(metric, range, parsedInterval, dimension, @event, limit ?? DefaultLimit);
    }

    private static Dimension ParseBreakdown(string? breakdown, MetricDefinition? definition)
    {
        if (breakdown is null)
        {
            return Dimension.Total;
        }
        var dimension = Dimension.Parse(breakdown);
        // Derived metrics are built from active users (and crashed users), so they break down as those do.
        var breakdowns = definition?.Breakdowns ?? Dimension.ContextBreakdowns;
        bool properties = definition?.BreaksDownByProperties ?? false;
        bool allowed = dimension is not null
            && (breakdowns.Contains(dimension) || (properties && dimension.Name.StartsWith("property:", StringComparison.Ordinal)));
        return allowed
            ? dimension!
            : throw new BadParameterException(nameof(breakdown),
                $"Unknown breakdown '{breakdown}'; one of {string.Join(", ", breakdowns.Select(d => d.Name))}"
                + (properties ? ", property:NAME." : "."));
    }
}
