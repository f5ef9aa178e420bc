using Tally.Core.Metrics;
using Tally.Core.Views;

namespace Tally.Host.Tests.ScaleOut;

/// <summary>One side's view cells of one app (total dimension), keyed so that two deployments' cells compare directly.</summary>
internal static class Views
{
    public static async Task<Dictionary<(string Metric, string Key, BucketSize Size, DateTimeOffset Bucket), double>> ReadAsync(
        IViewStore store, bool batch, string appId, IEnumerable<MetricDefinition> metrics, BucketSize size,
        DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken)
    {
        var cells = new Dictionary<(string, string, BucketSize, DateTimeOffset), double>();
        foreach (var metric in metrics)
        {
            var query = new ViewQuery(appId, metric.Name, Key: null, Dimension.TotalName, size, from, to);
            var read = batch ? await store.ReadBatchAsync(query, cancellationToken) : await store.ReadSpeedAsync(query, cancellationToken);
            foreach (var cell in read)
            {
                cells[(metric.Name, cell.Key.Key, size, cell.Key.BucketStart)] = cell.Value;
            }
        }
        return cells;
    }

    /// <summary>The number of events the side's views count for the app (speed or batch, hour buckets).</summary>
    public static async Task<double> CountEventsAsync(
        IViewStore store, bool batch, string appId, DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken) =>
        (await ReadAsync(store, batch, appId, [Metrics.Events], BucketSize.Hour, from, to, cancellationToken)).Values.Sum();
}
