using Tally.Simulator.Model;

namespace Tally.Host.Demo;

/// <summary>
/// The demo's apps and their size. Tuned so that 30 days of history go through the SDK, the
/// collector, the archive and the batch within the demo's one-minute budget on a 2-core machine
/// (about 35,000 events: ready 31–51 s after start on a 2-core machine at load 16–43, see the
/// README), while retention, versions and crashes still show their shapes.
/// </summary>
internal static class DemoApps
{
    public const int Days = 30;

    /// <summary>Live traffic of all apps together, events per second: the "now" charts move, the machine stays calm.</summary>
    public const double LiveEventsPerSecond = 30;

    public static readonly IReadOnlyList<(AppProfile Profile, int Devices)> All =
    [
        (AppProfiles.Weather, 400),
        (AppProfiles.Notes, 240),
        (AppProfiles.Puzzle, 280),
    ];
}
