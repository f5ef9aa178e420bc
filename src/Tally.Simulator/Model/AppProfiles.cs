namespace Tally.Simulator.Model;

/// <summary>The apps the simulator knows: different platforms, habits and events, so demo charts differ.</summary>
public static class AppProfiles
{
    public static AppProfile Weather { get; } = new(
        "Weather iOS",
        DevicePlatform.Ios,
        [new("5.3.0", -90), new("5.4.0", -20), new("5.4.1", 6), new("5.5.0", 18)],
        [("Forecast", 50), ("Radar", 20), ("Hourly", 15), ("Locations", 10), ("Settings", 5)],
        [
            new("Location Added", 3, PropertyKind.Content),
            new("Alert Enabled", 2, PropertyKind.Content),
            new("Subscription Started", 0.5, PropertyKind.Purchase),
        ],
        WeekendFactor: 1.1);

    public static AppProfile Notes { get; } = new(
        "Notes Android",
        DevicePlatform.Android,
        [new("2.8.3", -60), new("2.9.0", -5), new("3.0.0", 14), new("3.0.1", 21)],
        [("Notes List", 40), ("Editor", 35), ("Search", 10), ("Folders", 10), ("Paywall", 5)],
        [
            new("Note Created", 6, PropertyKind.Content),
            new("Note Shared", 1.5, PropertyKind.Content),
            new("Plan Upgraded", 0.4, PropertyKind.Purchase),
        ],
        WeekendFactor: 0.7);

    public static AppProfile Puzzle { get; } = new(
        "Puzzle Quest",
        DevicePlatform.Android,
        [new("4.1.0", -45), new("4.2.0", 3), new("4.3.0", 24)],
        [("Home", 30), ("Level Map", 25), ("Game", 35), ("Shop", 10)],
        [
            new("Level Started", 6, PropertyKind.Level),
            new("Level Completed", 4, PropertyKind.Level),
            new("Level Failed", 2, PropertyKind.Level),
            new("Purchase Completed", 0.6, PropertyKind.Purchase),
        ],
        WeekendFactor: 1.3);

    /// <summary>Every profile, by the name <c>tally simulate --app</c> takes.</summary>
    public static IReadOnlyDictionary<string, AppProfile> ByKey { get; } = new Dictionary<string, AppProfile>(StringComparer.OrdinalIgnoreCase)
    {
        ["weather"] = Weather,
        ["notes"] = Notes,
        ["puzzle"] = Puzzle,
    };
}
