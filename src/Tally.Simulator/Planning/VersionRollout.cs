using Tally.Simulator.Model;

namespace Tally.Simulator.Planning;

/// <summary>
/// Which release a device runs on a day: a release reaches devices gradually (about half within
/// 3 days, 90 % within 10), eager updaters first; a fresh install gets the newest release.
/// </summary>
internal static class VersionRollout
{
    /// <summary>Days for the adopted share to reach 1 - 1/e (63 %).</summary>
    private const double AdoptionDays = 4;

    public static string VersionOn(AppProfile app, DeviceTraits device, int day)
    {
        for (int i = app.Releases.Count - 1; i >= 0; i--)
        {
            var release = app.Releases[i];
            if (release.ReleaseDay > day)
            {
                continue;
            }
            if (device.JoinDay >= release.ReleaseDay || AdoptedShare(day - release.ReleaseDay) > device.UpdateEagerness)
            {
                return release.Version;
            }
        }
        return app.Releases[0].Version;
    }

    private static double AdoptedShare(int daysSinceRelease) => 1 - Math.Exp(-(daysSinceRelease + 0.5) / AdoptionDays);
}
