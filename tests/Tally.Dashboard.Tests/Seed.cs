using Tally.Core.Metrics;
using Tally.Core.Sketches;
using Tally.Core.Views;

namespace Tally.Dashboard.Tests;

/// <summary>View cells as the batch and speed layers write them, around a fixed "now".</summary>
internal static class Seed
{
    public static readonly DateOnly Today = new(2025, 3, 12);

    /// <summary>Mid-morning of <see cref="Today"/>.</summary>
    public static readonly DateTimeOffset Now = new(2025, 3, 12, 10, 30, 0, TimeSpan.Zero);

    public static DateTimeOffset At(DateOnly day, int hour = 0) =>
        new DateTimeOffset(day.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero).AddHours(hour);

    public static string Iso(DateOnly day) => day.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>Distinct users (with their sketch, as both layers store them) of the total or of one breakdown value.</summary>
    public static ViewCell Users(
        string app, string metric, BucketSize size, DateTimeOffset start, IEnumerable<string> users,
        string dimension = Dimension.TotalName, string value = Dimension.TotalValue, string key = Dimension.TotalValue)
    {
        var sketch = HyperLogLog.Create();
        int count = 0;
        foreach (string user in users)
        {
            sketch.Add(user);
            count++;
        }
        return new ViewCell(new ViewKey(app, metric, key, dimension, value, size, start), count, sketch.ToBytes());
    }

    public static IEnumerable<string> UserIds(string prefix, int count) => Enumerable.Range(0, count).Select(i => $"{prefix}{i}");

    public static ViewCell Count(
        string app, string metric, DateTimeOffset start, double value,
        string key = Dimension.TotalValue, string dimension = Dimension.TotalName, string dimensionValue = Dimension.TotalValue) =>
        new(new ViewKey(app, metric, key, dimension, dimensionValue, BucketSize.Day, start), value);

    public static ViewCell Retained(string app, int days, DateOnly cohort, double value) =>
        new(new ViewKey(app, Retention.MetricName, Retention.KeyOf(days), Dimension.TotalName, Dimension.TotalValue,
            BucketSize.Day, At(cohort)), value);

    public static BatchCommit Batch(DateOnly day, DateOnly watermark, params IEnumerable<ViewCell> cells) =>
        new(day, AppId: null, [.. cells], [], ArchiveVersion: 1, watermark);

    public static SpeedCommit Speed(params IEnumerable<ViewCell> cells) =>
        new("speed", [.. cells], new Dictionary<int, long>(), new Dictionary<int, StateSnapshot>());
}
