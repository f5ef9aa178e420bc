using System.ComponentModel;
using System.Globalization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Tally.Core.Apps;
using Tally.Query.Http;
using Tally.Query.Merge;

namespace Tally.Query.Endpoints;

/// <summary>The handlers of the query API; <see cref="QueryHostingExtensions.MapTallyQuery"/> maps and documents them.</summary>
internal static class QueryEndpoints
{
    public static Task<MetricResponse> MetricAsync(
        [Description("The app's id.")] string appId,
        [Description("active_users, new_users, sessions, session_length_median, crash_free_users, events, event_users, wau or mau.")] string metric,
        [Description("Start (UTC): a date yyyy-MM-dd (midnight) or an ISO 8601 instant. Default: 30 days (1 day hourly) before to.")] string? from,
        [Description("End (UTC): a date (included whole) or an ISO 8601 instant (excluded). Default: now.")] string? to,
        [Description("Bucket width: hour, day (default), week (from Monday) or month. wau/mau: not hour.")] string? interval,
        [Description("Break down by app_version, os, os_version, device_model, country, or property:NAME (events, event_users).")] string? breakdown,
        [Description("events/event_users: the event name; without it every event is summed (events) or its users unioned (event_users).")] string? @event,
        [Description("With a breakdown: the top N values by total (1-100, default 10).")] string? limit,
        [FromServices] MetricSeriesQuery query,
        [FromServices] TimeProvider time,
        CancellationToken cancellationToken)
    {
        var request = MetricRequest.Parse(metric, from, to, interval, breakdown, @event, ParseLimit(limit), time.GetUtcNow());
        return query.RunAsync(appId, request, cancellationToken);
    }

    public static Task<RetentionResponse> RetentionAsync(
        [Description("The app's id.")] string appId,
        [Description("First cohort day (yyyy-MM-dd). Default: 30 days before to.")] string? from,
        [Description("Last cohort day, included. Default: today.")] string? to,
        [Description("Comma-separated day offsets N (1-30) to report retention for. Default: 1,7,30.")] string? days,
        [FromServices] RetentionQuery query,
        [FromServices] TimeProvider time,
        CancellationToken cancellationToken)
    {
        var range = TimeRange.Parse(from, to, time.GetUtcNow(), TimeSpan.FromDays(30), TimeRange.MaxDaily);
        return query.RunAsync(appId, range, ParseDays(days), cancellationToken);
    }

    public static Task<LiveResponse> LiveAsync(
        [Description("The app's id.")] string appId, [FromServices] LiveQuery query, CancellationToken cancellationToken) =>
        query.RunAsync(appId, cancellationToken);

    public static Task<EventsResponse> EventsAsync(
        [Description("The app's id.")] string appId,
        [Description("Start (UTC), date or ISO 8601 instant, rounded down to midnight. Default: 30 days before to.")] string? from,
        [Description("End (UTC), date (included) or instant. Default: now.")] string? to,
        [Description("How many events, most frequent first (1-1000, default 20).")] string? limit,
        [FromServices] TopEventsQuery query,
        [FromServices] TimeProvider time,
        CancellationToken cancellationToken)
    {
        int? count = ParseLimit(limit);
        if (count is < 1 or > TopEventsQuery.MaxLimit)
        {
            throw new BadParameterException(nameof(limit), $"limit must be between 1 and {TopEventsQuery.MaxLimit}, not {count}.");
        }
        var range = TimeRange.Parse(from, to, time.GetUtcNow(), TimeSpan.FromDays(30), TimeRange.MaxDaily);
        return query.RunAsync(appId, range, count ?? TopEventsQuery.DefaultLimit, cancellationToken);
    }

    public static async Task<AppsResponse> AppsAsync(HttpContext http, [FromServices] IAppRegistry apps)
    {
        var access = http.GetQueryAccess();
        var readable = access.IsAdmin ? await apps.ListAsync(http.RequestAborted) : [access.App!];
        return new AppsResponse([.. readable.Select(a => new AppSummary(a.Id, a.Name, a.CreatedAt))]);
    }

    public static Task<StatusResponse> StatusAsync([FromServices] StatusQuery query, CancellationToken cancellationToken) =>
        query.RunAsync(cancellationToken);

    /// <summary>
    /// limit is bound as text and parsed here: a bound <c>int?</c> that fails to parse ("ten",
    /// "1e3", 2^31) would get the framework's bare 400 with no JSON reason, before any filter runs.
    /// </summary>
    private static int? ParseLimit(string? limit)
    {
        if (limit is null)
        {
            return null;
        }
        return int.TryParse(limit, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out int value)
            ? value
            : throw new BadParameterException(nameof(limit), $"limit must be a whole number, not '{Truncated(limit)}'.");
    }

    /// <summary>Echoes at most 64 characters of a hostile value back in an error message.</summary>
    private static string Truncated(string text) => text.Length <= 64 ? text : text[..64] + "…";

    private static IReadOnlyList<int> ParseDays(string? days)
    {
        if (days is null)
        {
            return RetentionQuery.DefaultDays;
        }
        var parsed = new SortedSet<int>();
        foreach (string part in days.Split(',', StringSplitOptions.TrimEntries))
        {
            if (!int.TryParse(part, NumberStyles.None, CultureInfo.InvariantCulture, out int n) || n < 1 || n > Core.Metrics.Retention.MaxDays)
            {
                throw new BadParameterException(nameof(days), $"days must list whole numbers from 1 to {Core.Metrics.Retention.MaxDays}; '{part}' is not one.");
            }
            parsed.Add(n);
        }
        return [.. parsed];
    }
}
