using Tally.Core.Metrics;
using Tally.Core.Sketches;
using Tally.Core.Views;

namespace Tally.Query.Tests;

/// <summary>View cells as the batch and speed layers write them.</summary>
internal static class Cells
{
    public static readonly DateOnly Today = new(2025, 3, 12);

    /// <summary>Mid-morning of <see cref="Today"/> (a Wednesday).</summary>
    public static readonly DateTimeOffset Now = new(2025, 3, 12, 10, 30, 0, TimeSpan.Zero);

    public static DateTimeOffset At(DateOnly day, int hour = 0) =>
        new DateTimeOffset(day.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero).AddHours(hour);

    public static ViewCell Users(string app, string metric, BucketSize size, DateTimeOffset start, params string[] users) =>
        Users(app, metric, Dimension.TotalName, Dimension.TotalValue, size, start, users);

    public static ViewCell Users(
        string app, string metric, string dimension, string value, BucketSize size, DateTimeOffset start, params string[] users)
    {
        var sketch = HyperLogLog.Create();
        foreach (string user in users)
        {
            sketch.Add(user);
        }
        return new ViewCell(new ViewKey(app, metric, Dimension.TotalValue, dimension, value, size, start), users.Length, sketch.ToBytes());
    }

    public static ViewCell Count(string app, string metric, string key, BucketSize size, DateTimeOffset start, double value) =>
        new(new ViewKey(app, metric, key, Dimension.TotalName, Dimension.TotalValue, size, start), value);

    public static ViewCell Retained(string app, int days, DateOnly cohort, double value) =>
        new(new ViewKey(app, Retention.MetricName, Retention.KeyOf(days), Dimension.TotalName, Dimension.TotalValue,
            BucketSize.Day, At(cohort)), value);

    public static BatchCommit Batch(DateOnly day, DateOnly watermark, params ViewCell[] cells) =>
        new(day, AppId: null, cells, [], ArchiveVersion: 1, watermark);

    public static SpeedCommit Speed(params ViewCell[] cells) =>
        new("speed", cells, new Dictionary<int, long>(), new Dictionary<int, StateSnapshot>());
}
