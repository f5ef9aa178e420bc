namespace Tally.Simulator.Model;

/// <summary>The app a simulated device runs: its platform, releases, screens and custom events.</summary>
/// <param name="Name">The app's name in <c>context.app.name</c>.</param>
/// <param name="Platform">Which devices run it.</param>
/// <param name="Releases">Versions oldest first; each is adopted gradually after its release day.</param>
/// <param name="Screens">Screen names and how often each is viewed relative to the others.</param>
/// <param name="Events">The app's custom events.</param>
/// <param name="WeekendFactor">How much likelier a device is to be used on a Saturday or Sunday (below 1: less likely).</param>
public sealed record AppProfile(
    string Name,
    DevicePlatform Platform,
    IReadOnlyList<AppRelease> Releases,
    IReadOnlyList<(string Screen, double Weight)> Screens,
    IReadOnlyList<CustomEvent> Events,
    double WeekendFactor);

public enum DevicePlatform
{
    Ios,
    Android,
}
