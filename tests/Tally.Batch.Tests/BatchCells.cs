using Tally.Core.Metrics;
using Tally.Core.Views;

namespace Tally.Batch.Tests;

/// <summary>Reads back what a batch run of <see cref="BatchTraffic"/> stored, whatever the store.</summary>
internal static class BatchCells
{
    /// <summary>Every cell of the apps, by key, for the metrics and dimensions the generated traffic has.</summary>
    public static async Task<Dictionary<ViewKey, ViewCell>> ReadAllAsync(
        IEnumerable<string> apps, Func<ViewQuery, CancellationToken, Task<IReadOnlyList<ViewCell>>> read)
    {
        var cells = new Dictionary<ViewKey, ViewCell>();
        string[] dimensions = [Dimension.TotalName, .. Dimension.ContextBreakdowns.Select(d => d.Name), "property:plan", "property:level", "property:id"];
        string[] metrics = [.. Metrics.Stored.Select(m => m.Name), Retention.MetricName];
        foreach (string app in apps)
        {
            foreach (string metric in metrics)
            {
                foreach (string dimension in dimensions)
                {
                    foreach (var size in new[] { BucketSize.Hour, BucketSize.Day })
                    {
                        var query = new ViewQuery(app, metric, null, dimension, size, BatchTraffic.Start.AddDays(-40), BatchTraffic.Start.AddDays(40));
                        foreach (var cell in await read(query, CancellationToken.None))
                        {
                            cells.Add(cell.Key, cell);
                        }
                    }
                }
            }
        }
        return cells;
    }
}
