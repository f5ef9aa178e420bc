using Tally.Core.Events;
using Tally.Core.Metrics;
using Tally.Core.Views;
using Tally.Store.Sqlite;
using Tally.Views.Exact;

namespace Tally.Host.Tests.Crash;

/// <summary>Waits for the batch layer of a data dir's view store and compares its views with the exact values.</summary>
internal static class BatchViews
{
    /// <summary>The metrics compared cell by cell: counts, distinct users, new users, sessions and their median length.</summary>
    private static readonly MetricDefinition[] Compared =
        [Metrics.Events, Metrics.EventUsers, Metrics.ActiveUsers, Metrics.NewUsers, Metrics.Sessions, Metrics.SessionLengthMedian, Metrics.CrashedUsers];

    /// <summary>Polls until every one of <paramref name="days"/> is batched and the watermark is past them; the caller's token is the deadline.</summary>
    public static async Task WaitForDaysAsync(SqliteViewStore store, IReadOnlyCollection<DateOnly> days, CancellationToken cancellationToken)
    {
        while (true)
        {
            var progress = await store.LoadBatchProgressAsync(cancellationToken);
            if (days.All(d => progress.Days.Any(a => a.Day == d && !a.NeedsBatch)) && progress.Watermark > days.Max())
            {
                return;
            }
            // The tests' batch workers look every 500 ms.
            await Task.Delay(TimeSpan.FromMilliseconds(200), cancellationToken);
        }
    }

    /// <summary>
    /// Asserts that the hourly batch views of <paramref name="appId"/> from <paramref name="from"/> to
    /// <paramref name="to"/> (exclusive) hold exactly the values of <paramref name="unique"/> there, and nothing else.
    /// </summary>
    public static async Task AssertExactAsync(
        IViewStore store, string appId, IReadOnlyList<TallyEvent> unique, DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken)
    {
        var exact = ExactViews.Totals(unique).Where(c => c.Key.App == appId && c.Key.Hour >= from && c.Key.Hour < to).ToList();
        foreach (var metric in Compared)
        {
            var cells = await store.ReadBatchAsync(
                new ViewQuery(appId, metric.Name, null, Dimension.TotalName, BucketSize.Hour, from, to), cancellationToken);
            var expected = exact.Where(c => c.Key.Metric == metric.Name).Select(c => $"{metric.Name} {c.Key.Key} {c.Key.Hour:u} {c.Value}");
            var actual = cells.Where(c => c.Key.BucketStart >= from && c.Key.BucketStart < to)
                .Select(c => $"{metric.Name} {c.Key.Key} {c.Key.BucketStart:u} {c.Value}");
            Assert.Equal(expected.Order(StringComparer.Ordinal), actual.Order(StringComparer.Ordinal));
        }
    }
}
