using Tally.Core.Archive;
using Tally.Core.Events;
using Tally.Core.Metrics;
using Tally.Core.Views;
using Tally.Host.Tests.ScaleOut;
using Tally.Views.Exact;
using Xunit.Abstractions;

namespace Tally.Host.Tests.Chaos;

/// <summary>
/// The end of every chaos run, whatever the fault: once the load has stopped, waits until every stage has done
/// its work and checks it against what was acknowledged — every message id in the archive exactly once, speed
/// and batch views counting each event once, speed event counts exact hour by hour, the closed day's batch
/// views exactly those computed from the unique events — and reports the run's row of the results table.
/// </summary>
internal static class ChaosOutcome
{
    /// <param name="lastBatch">The last batch the load sent; batches 1 to it were all acknowledged.</param>
    public static async Task AssertAsync(
        IViewStore store, IObjectStore archive, string appId, ScaleOutTraffic traffic, long lastBatch, long acknowledged,
        DateTimeOffset from, DateTimeOffset to, string fault, TimeSpan recovery, string reportName, ITestOutputHelper output, CancellationToken token)
    {
        await DeploymentCompletion.WaitAsync(store, [appId], archive, from, to, acknowledged, token);
        var sent = new HashSet<string>(StringComparer.Ordinal);
        for (long batch = 1; batch <= lastBatch; batch++)
        {
            sent.UnionWith(traffic.Next(batch).MessageIds);
        }
        var archived = await Crash.ArchiveContents.ReadStoreAsync(archive, token);
        var archivedIds = archived.Select(a => a.Event.MessageId).ToList();
        var unique = ExactViews.Unique(archived.Select(a => a.Event));
        long lost = sent.Except(archivedIds, StringComparer.Ordinal).Count();
        double speedCounted = await DeploymentCompletion.CountedAsync(store, batch: false, [appId], from, to, token);
        double batchCounted = await DeploymentCompletion.CountedAsync(store, batch: true, [appId], from, to, token);
        long duplicateRows = archivedIds.Count - unique.Count;
        long countedTwice = duplicateRows + (long)Math.Max(0, speedCounted - acknowledged) + (long)Math.Max(0, batchCounted - acknowledged);
        output.WriteLine($"duplicate archive rows {duplicateRows}, speed counted {speedCounted}, batch counted {batchCounted}, acknowledged {acknowledged}");
        new ChaosFigures(fault, acknowledged, unique.Count, lost, countedTwice, recovery).Report(reportName, output);

        Assert.Equal(0, lost);
        Assert.Equal(0, countedTwice);
        Assert.Equal(sent.Order(StringComparer.Ordinal), unique.Select(e => e.MessageId).Order(StringComparer.Ordinal));
        Assert.Equal(acknowledged, speedCounted);
        Assert.Equal(acknowledged, batchCounted);
        await AssertSpeedEventsExactAsync(store, appId, unique, from, to, token);
        await Crash.BatchViews.AssertExactAsync(store, appId, unique, from, to, token);
    }

    /// <summary>Event counts are exact in the speed layer too (duplicates are filtered, not estimated): hour by hour, as the exact values.</summary>
    private static async Task AssertSpeedEventsExactAsync(
        IViewStore store, string appId, IReadOnlyList<TallyEvent> unique, DateTimeOffset from, DateTimeOffset to, CancellationToken token)
    {
        var expected = ExactViews.Totals(unique).Where(c => c.Key.App == appId && c.Key.Metric == Metrics.Events.Name)
            .Select(c => $"{c.Key.Key} {c.Key.Hour:u} {c.Value}");
        var actual = (await ScaleOut.Views.ReadAsync(store, batch: false, appId, [Metrics.Events], BucketSize.Hour, from, to, token))
            .Select(c => $"{c.Key.Key} {c.Key.Bucket:u} {c.Value}");
        Assert.Equal(expected.Order(StringComparer.Ordinal), actual.Order(StringComparer.Ordinal));
    }
}
