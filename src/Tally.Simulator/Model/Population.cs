using Tally.Simulator.Planning;

namespace Tally.Simulator.Model;

/// <summary>
/// The devices of one app: <c>count</c> installs spread over the window, more of them on later
/// days (a growing app), each with traits drawn from the seed alone.
/// </summary>
public static class Population
{
    /// <summary>Share of devices whose clock is noticeably wrong (minutes to hours).</summary>
    private const double SkewedClockShare = 0.08;

    /// <summary>Share of users who sign in (the app calls Identify).</summary>
    private const double SignedInShare = 0.35;

    public static IReadOnlyList<DeviceTraits> Create(AppProfile app, int count, int days, long seed)
    {
        ArgumentNullException.ThrowIfNull(app);
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        ArgumentOutOfRangeException.ThrowIfLessThan(days, 1);
        var devices = new DeviceTraits[count];
        for (int i = 0; i < count; i++)
        {
            devices[i] = CreateDevice(app, i, days, StableRandom.For(seed, StableRandom.Key(app.Name), i));
        }
        return devices;
    }

    /// <summary>One device with traits drawn from <paramref name="random"/>, installed on a day in [0, <paramref name="days"/>].</summary>
    internal static DeviceTraits CreateDevice(AppProfile app, int index, int days, Random random)
    {
        // sqrt of a uniform variable: installs per day grow linearly across the window.
        int joinDay = Math.Min(days, (int)(Math.Sqrt(random.NextDouble()) * (days + 1)));
        var (model, manufacturer) = random.PickWeighted(app.Platform == DevicePlatform.Ios ? DeviceCatalog.IosModels : DeviceCatalog.AndroidModels);
        string osVersion = random.PickWeighted(app.Platform == DevicePlatform.Ios ? DeviceCatalog.IosVersions : DeviceCatalog.AndroidVersions);
        var (locale, country, utcOffset) = random.PickWeighted(DeviceCatalog.Places);
        var skew = random.Chance(SkewedClockShare)
            ? TimeSpan.FromMinutes(Math.Round(random.LogNormal(20, 1.5)) * (random.Chance(0.5) ? 1 : -1))
            : TimeSpan.FromMilliseconds(random.Next(-3000, 3000));
        return new DeviceTraits(
            index,
            joinDay,
            model,
            manufacturer,
            osVersion,
            locale,
            country,
            utcOffset,
            skew,
            Engagement: Math.Clamp(random.LogNormal(1, 0.5), 0.3, 2),
            UpdateEagerness: random.NextDouble(),
            OfflineProneness: random.Chance(0.15) ? 0.25 : 0.01,
            UserId: random.Chance(SignedInShare) ? $"user-{StableRandom.Key(app.Name) & 0xFFFF:x4}-{index}" : null);
    }
}
