using Tally.Core.Archive;
using Tally.Core.Views;

namespace Tally.Host.Tests.ScaleOut;

/// <summary>Waits until a deployment's stages have all done their work on a known number of events.</summary>
internal static class DeploymentCompletion
{
    /// <summary>
    /// Waits until the speed and batch views of <paramref name="appIds"/> between <paramref name="from"/> and <paramref name="to"/>
    /// count <paramref name="expected"/> events and the archive holds as many rows; returns the archived message ids.
    /// The token is the deadline.
    /// </summary>
    public static async Task<List<string>> WaitAsync(
        IViewStore store, IReadOnlyList<string> appIds, IObjectStore archive, DateTimeOffset from, DateTimeOffset to, long expected, CancellationToken token)
    {
        await Poll.UntilAsync(async () => await CountedAsync(store, batch: false, appIds, from, to, token) >= expected, token);
        List<string> archived = [];
        await Poll.UntilAsync(async () => (archived = await ArchiveContents.ReadMessageIdsAsync(archive, token)).Count >= expected, token);
        await Poll.UntilAsync(async () => await BatchDoneAsync(store, token) && await CountedAsync(store, batch: true, appIds, from, to, token) >= expected, token);
        return archived;
    }

    /// <summary>Whether the batch layer has computed every day it knows of and none waits for a re-run.</summary>
    public static async Task<bool> BatchDoneAsync(IViewStore store, CancellationToken token)
    {
        var progress = await store.LoadBatchProgressAsync(token);
        return progress.Days.Count > 0 && progress.Days.All(d => !d.NeedsBatch);
    }

    /// <summary>The events the speed or batch views count for the apps (hour buckets).</summary>
    public static async Task<double> CountedAsync(
        IViewStore store, bool batch, IReadOnlyList<string> appIds, DateTimeOffset from, DateTimeOffset to, CancellationToken token)
    {
        double total = 0;
        foreach (var app in appIds)
        {
            total += await Views.CountEventsAsync(store, batch, app, from, to, token);
        }
        return total;
    }
}
