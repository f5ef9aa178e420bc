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
        [Description("With a breakdown: the top N values by total (1-100, default 10).")] int? limit,
        [FromServices] MetricSeriesQuery query,
        [FromServices] TimeProvider time,
        CancellationToken cancellationToken)
    {
        var request = MetricRequest.Parse(metric, from, to, interval, breakdown, @event, limit, time.GetUtcNow());
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
        [Description("How many events, most frequent first (1-1000, default 20).")] int? limit,
        [FromServices] TopEventsQuery query,
        [FromServices] TimeProvider time,
        CancellationToken cancellationToken)
    {
        if (limit is < 1 or > TopEventsQuery.MaxLimit)
        {
            throw new BadParameterException(nameof(limit), $"limit must be between 1 and {TopEventsQuery.MaxLimit}, not {limit}.");
        }
        var range = TimeRange.Parse(from, to, time.GetUtcNow(), TimeSpan.FromDays(30), TimeRange.MaxDaily);
        return query.RunAsync(appId, range, limit ?? TopEventsQuery.DefaultLimit, cancellationToken);
    }

    public static async Task<AppsResponse> AppsAsync(HttpContext http, [FromServices] IAppRegistry apps)
    {
        var access = http.GetQueryAccess();
        var readable = access.IsAdmin ? await apps.ListAsync(http.RequestAborted) : [access.App!];
        return new AppsResponse([.. readable.Select(a => new AppSummary(a.Id, a.Name, a.CreatedAt))]);
    }

    public static Task<StatusResponse> StatusAsync([FromServices] StatusQuery query, CancellationToken cancellationToken) =>
        query.RunAsync(cancellationToken);

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
