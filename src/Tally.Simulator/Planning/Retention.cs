namespace Tally.Simulator.Planning;

/// <summary>How likely an average user is to open the app on a day, by days since install.</summary>
internal static class Retention
{
    /// <summary>
    /// A power-law decay typical of mobile apps: about 40 % on day 1, 16 % on day 7, 10 % on day 30,
    /// flattening towards a loyal core of 6 %.
    /// </summary>
    public static double ReturnProbability(int daysSinceInstall) =>
        daysSinceInstall <= 0 ? 1 : 0.06 + 0.34 * Math.Pow(daysSinceInstall, -0.6);
}
