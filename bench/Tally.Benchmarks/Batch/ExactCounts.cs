using Tally.Core.Metrics;
using Tally.Core.Views;

namespace Tally.Benchmarks.Batch;

/// <summary>
/// The figures both engines compute: active users per (app, hour) and (app, day), track events per
/// (app, event name, hour) and (app, event name, day). Hour is 0-23, <see cref="WholeDay"/> for the day.
/// </summary>
internal sealed class ExactCounts
{
    public const int WholeDay = -1;

    public Dictionary<(string Metric, string App, string Key, int Hour), long> Values { get; } = [];

    public void Add(string metric, string app, string key, int hour, long value) => Values[(metric, app, key, hour)] = value;

    /// <summary>The total-dimension cells of the two metrics in a batch commit.</summary>
    public static ExactCounts FromCells(IEnumerable<ViewCell> cells, DateTimeOffset dayStart)
    {
        var counts = new ExactCounts();
        foreach (var cell in cells)
        {
            var key = cell.Key;
            if (key.Dimension != Dimension.TotalName || (key.Metric != Metrics.ActiveUsers.Name && key.Metric != Metrics.Events.Name))
            {
                continue;
            }
            int hour = key.Size == BucketSize.Day ? WholeDay : (int)(key.BucketStart - dayStart).TotalHours;
            counts.Add(key.Metric, key.AppId, key.Key, hour, (long)cell.Value);
        }
        return counts;
    }

    /// <summary>Up to <paramref name="limit"/> differences, each as one line; none when both hold the same values.</summary>
    public List<string> Differences(ExactCounts other, int limit = 5)
    {
        var lines = new List<string>();
        foreach (var key in Values.Keys.Union(other.Values.Keys))
        {
            long? mine = Values.TryGetValue(key, out long a) ? a : null;
            long? theirs = other.Values.TryGetValue(key, out long b) ? b : null;
            if (mine != theirs && lines.Count < limit)
            {
                lines.Add($"{key}: {mine?.ToString() ?? "none"} vs {theirs?.ToString() ?? "none"}");
            }
        }
        return lines;
    }
}
