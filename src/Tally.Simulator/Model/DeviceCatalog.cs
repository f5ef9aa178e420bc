namespace Tally.Simulator.Model;

/// <summary>Device models, OS versions and locales with rough market shares.</summary>
internal static class DeviceCatalog
{
    public static readonly IReadOnlyList<((string Model, string Manufacturer) Device, double Weight)> IosModels =
    [
        (("iPhone16,1", "Apple"), 18), (("iPhone15,2", "Apple"), 22), (("iPhone14,5", "Apple"), 20),
        (("iPhone13,2", "Apple"), 14), (("iPhone12,1", "Apple"), 10), (("iPad13,1", "Apple"), 6),
    ];

    public static readonly IReadOnlyList<((string Model, string Manufacturer) Device, double Weight)> AndroidModels =
    [
        (("SM-S918B", "samsung"), 16), (("SM-A546B", "samsung"), 20), (("Pixel 8", "Google"), 12),
        (("Pixel 7a", "Google"), 9), (("2201117TY", "Xiaomi"), 14), (("CPH2581", "OPPO"), 8), (("moto g54", "motorola"), 7),
    ];

    public static readonly IReadOnlyList<(string Version, double Weight)> IosVersions =
        [("18.1", 35), ("18.0.1", 20), ("17.6.1", 25), ("17.5", 10), ("16.7.10", 10)];

    public static readonly IReadOnlyList<(string Version, double Weight)> AndroidVersions =
        [("15", 20), ("14", 40), ("13", 22), ("12", 12), ("11", 6)];

    /// <summary>Locale and the time zone its users live in, as hours from UTC.</summary>
    public static readonly IReadOnlyList<((string Locale, int UtcOffsetHours) Place, double Weight)> Places =
    [
        (("en-US", -5), 30), (("en-US", -8), 12), (("en-GB", 0), 12), (("de-DE", 1), 10), (("fr-FR", 1), 7),
        (("es-ES", 1), 5), (("pt-BR", -3), 8), (("ja-JP", 9), 6), (("hi-IN", 5), 6), (("en-AU", 10), 4),
    ];
}
