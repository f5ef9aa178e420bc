namespace Tally.Core.Metrics;

/// <summary>
/// Retention: of the users new on a cohort day, how many are active N days later. The batch
/// layer stores one day cell per (cohort day, N): metric <see cref="MetricName"/>, key N (e.g.
/// <c>"7"</c>), bucket = the cohort day, value = users of the cohort active on cohort day + N.
/// The cohort's size is that day's <see cref="Metrics.NewUsers"/>.
/// </summary>
public static class Retention
{
    public const string MetricName = "retained_users";

    /// <summary>The largest N stored.</summary>
    public const int MaxDays = 30;

    public static string KeyOf(int days)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(days, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(days, MaxDays);
        return days.ToString(System.Globalization.CultureInfo.InvariantCulture);
    }
}
