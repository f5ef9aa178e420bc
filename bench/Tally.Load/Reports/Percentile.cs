namespace Tally.Load.Reports;

internal static class Percentile
{
    /// <summary>Nearest-rank percentile of sorted values, rounded to 2 decimals; null when there are none.</summary>
    public static double? NearestRank(double[] sorted, double quantile) =>
        sorted.Length == 0 ? null : Math.Round(sorted[Math.Max(0, (int)Math.Ceiling(quantile * sorted.Length) - 1)], 2);
}
