using Tally.Core.Events;
using Tally.Core.Metrics;
using Tally.Core.Sessions;
using Tally.Core.Views;

namespace Tally.Views.Exact;

/// <summary>
/// The exact hourly values of a set of unique events, computed the plain way (every event kept in
/// memory): what the batch layer will compute and what the speed layer must approximate.
/// </summary>
public static class ExactViews
{
    public static Dictionary<(string App, string Metric, string Key, DateTimeOffset Hour), double> Totals(IReadOnlyList<TallyEvent> unique)
    {
        var result = new Dictionary<(string, string, string, DateTimeOffset), double>();
        DateTimeOffset HourOf(DateTimeOffset t) => ViewKey.BucketOf(t, BucketSize.Hour);

        // Events and event users count track events only (screens and identifies have no event name).
        foreach (var g in unique.Where(e => e.Type == EventType.Track).GroupBy(e => (e.AppId, e.Event!, HourOf(e.EventTime))))
        {
            result[(g.Key.AppId, Metrics.Events.Name, g.Key.Item2, g.Key.Item3)] = g.Count();
            result[(g.Key.AppId, Metrics.EventUsers.Name, g.Key.Item2, g.Key.Item3)] = g.Select(e => e.User).Distinct().Count();
        }
        foreach (var g in unique.GroupBy(e => (e.AppId, HourOf(e.EventTime))))
        {
            result[(g.Key.AppId, Metrics.ActiveUsers.Name, Dimension.TotalValue, g.Key.Item2)] = g.Select(e => e.User).Distinct().Count();
            int crashed = g.Where(e => e.Type == EventType.Track && e.Event == Metrics.CrashEventName).Select(e => e.User).Distinct().Count();
            if (crashed > 0)
            {
                result[(g.Key.AppId, Metrics.CrashedUsers.Name, Dimension.TotalValue, g.Key.Item2)] = crashed;
            }
        }
        foreach (var g in unique.GroupBy(e => (e.AppId, e.User)).GroupBy(u => (u.Key.AppId, HourOf(u.Min(e => e.EventTime)))))
        {
            result[(g.Key.AppId, Metrics.NewUsers.Name, Dimension.TotalValue, g.Key.Item2)] = g.Count();
        }
        foreach (var g in Sessions(unique).GroupBy(s => (s.App, HourOf(s.Start))))
        {
            result[(g.Key.App, Metrics.Sessions.Name, Dimension.TotalValue, g.Key.Item2)] = g.Count();
            var lengths = g.Select(s => s.Length.TotalSeconds).Order().ToList();
            result[(g.Key.App, Metrics.SessionLengthMedian.Name, Dimension.TotalValue, g.Key.Item2)] = lengths[(lengths.Count - 1) / 2];
        }
        return result;
    }

    /// <summary>Events per (app, event name, plan property value), over all hours.</summary>
    public static Dictionary<(string App, string Event, string Plan), int> EventsByPlan(IReadOnlyList<TallyEvent> unique) =>
        unique.GroupBy(e => (e.AppId, e.Event!, PlanOf(e))).ToDictionary(g => g.Key, g => g.Count());

    private static string PlanOf(TallyEvent e) => Dimension.Property("plan").ValueOf(Fact.ForEvent(e));

    /// <summary>The events without duplicates: the first of each (app, messageId), in the given order.</summary>
    public static List<TallyEvent> Unique(IEnumerable<TallyEvent> events)
    {
        var seen = new HashSet<(string, string)>();
        return [.. events.Where(e => seen.Add((e.AppId, e.MessageId)))];
    }

    /// <summary>SDK sessions by id; others split where a user is inactive for <see cref="SessionRule.InactivityGap"/> or more.</summary>
    private static IEnumerable<(string App, DateTimeOffset Start, TimeSpan Length)> Sessions(IReadOnlyList<TallyEvent> unique)
    {
        foreach (var sdk in unique.Where(SessionRule.HasSdkSession).GroupBy(e => (e.AppId, e.User, e.Context.SessionId)))
        {
            yield return (sdk.Key.AppId, sdk.Min(e => e.EventTime), sdk.Max(e => e.EventTime) - sdk.Min(e => e.EventTime));
        }
        foreach (var user in unique.Where(e => !SessionRule.HasSdkSession(e)).GroupBy(e => (e.AppId, e.User)))
        {
            var times = user.Select(e => e.EventTime).Order().ToList();
            var start = times[0];
            for (int i = 1; i <= times.Count; i++)
            {
                if (i == times.Count || !SessionRule.Continues(times[i - 1], times[i]))
                {
                    yield return (user.Key.AppId, start, times[i - 1] - start);
                    start = i < times.Count ? times[i] : start;
                }
            }
        }
    }
}
