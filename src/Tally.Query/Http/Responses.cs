using Tally.Query.Merge;

namespace Tally.Query.Http;

/// <summary>How current the answer is: where batch stops and whether live data lags.</summary>
/// <param name="BatchWatermark">The first day not served from batch views (null before the first batch run).</param>
/// <param name="BatchLate">The watermark is behind yesterday (or no batch has run): days after it come from speed cells.</param>
/// <param name="SpeedRetainedFrom">Speed cells reach back only to here; a late batch leaves days before it empty.</param>
/// <param name="LiveStale">The speed layer has records waiting and has not progressed for <c>Tally:Query:StaleAfter</c>.</param>
/// <param name="LiveAgeSeconds">How long live data has been incomplete (0 when the speed layer is caught up); null when unknown.</param>
public sealed record Freshness(
    DateOnly? BatchWatermark, bool BatchLate, DateTimeOffset SpeedRetainedFrom, bool LiveStale, double? LiveAgeSeconds);

/// <summary>One bucket of a series.</summary>
/// <param name="Bucket">The bucket's start (UTC).</param>
/// <param name="Value">Null when undefined (a median of no sessions, crash-free share of no users).</param>
/// <param name="Source"><c>batch</c>, <c>speed</c> or <c>mixed</c> (the bucket spans the batch watermark).</param>
/// <param name="Approximate">True when any part is a speed-layer or sketch estimate.</param>
/// <param name="StandardError">Absolute standard error of an approximate distinct count (1.04/√16384 of the value), or the 1 % bound of a median; null otherwise.</param>
public sealed record Point(DateTimeOffset Bucket, double? Value, string Source, bool Approximate, double? StandardError)
{
    public static Point From(MergedPoint point) => new(
        point.Bucket,
        point.Value.Value,
        point.Value.Source.ToString().ToLowerInvariant(),
        point.Value.Approximate,
        point.Value.StandardError);
}

/// <param name="Value">The breakdown value (<c>all</c> without a breakdown; <c>(none)</c> for facts without one).</param>
public sealed record Series(string Value, IReadOnlyList<Point> Points)
{
    public static Series From(MergedSeries series) => new(series.DimensionValue, [.. series.Points.Select(Point.From)]);
}

public sealed record MetricResponse(
    string AppId,
    string Metric,
    string Interval,
    DateTimeOffset From,
    DateTimeOffset To,
    string Breakdown,
    string? Event,
    Freshness Freshness,
    IReadOnlyList<Series> Series);

public sealed record RetentionResponse(string AppId, IReadOnlyList<int> Days, Freshness Freshness, IReadOnlyList<Cohort> Cohorts);

/// <param name="Size">The cohort's new users.</param>
public sealed record Cohort(DateOnly Day, double Size, IReadOnlyList<Retained> Retained);

/// <param name="Count">Cohort users active <paramref name="Days"/> days later; null while that day is not batched yet.</param>
/// <param name="Share">Count / cohort size; null when unknown or the cohort is empty.</param>
public sealed record Retained(int Days, double? Count, double? Share);

/// <param name="ActiveLast5Minutes">Distinct users in the current and previous 4 minutes (union of minute sketches).</param>
/// <param name="ActiveLast30Minutes">Distinct users in the current and previous 29 minutes.</param>
/// <param name="Today">Hourly active users of today (UTC) so far.</param>
/// <param name="WeekAgo">The same hours 7 days earlier, to compare with.</param>
public sealed record LiveResponse(
    string AppId, DateTimeOffset Now, Point ActiveLast5Minutes, Point ActiveLast30Minutes,
    IReadOnlyList<Point> Today, IReadOnlyList<Point> WeekAgo, Freshness Freshness);

public sealed record EventsResponse(string AppId, DateTimeOffset From, DateTimeOffset To, Freshness Freshness, IReadOnlyList<EventSummary> Events);

/// <param name="Count">Track events of this name in the range.</param>
/// <param name="Users">Distinct users who sent it (union over the range).</param>
public sealed record EventSummary(string Name, double Count, double Users, string Source, bool Approximate);

public sealed record AppSummary(string Id, string Name, DateTimeOffset CreatedAt);

public sealed record AppsResponse(IReadOnlyList<AppSummary> Apps);

/// <param name="Components">Every health check of this process.</param>
/// <param name="Speed">The speed layer's lag behind the log.</param>
/// <param name="Batch">The batch layer's progress.</param>
/// <param name="Note">What the status cannot measure, and why.</param>
public sealed record StatusResponse(
    string Status, IReadOnlyList<ComponentStatus> Components, SpeedStatus Speed, BatchStatus Batch, string Note);

public sealed record ComponentStatus(string Name, string Status, string? Description);

public sealed record SpeedStatus(
    string ConsumerGroup, long? OffsetsBehind, IReadOnlyList<PartitionStatus> Partitions, double? LiveAgeSeconds, bool LiveStale);

public sealed record PartitionStatus(int Partition, long Committed, long End, long Behind);

/// <param name="DaysAwaitingBatch">Archived days never batched or changed since (late events).</param>
public sealed record BatchStatus(DateOnly? Watermark, bool Late, int DaysAwaitingBatch);
