namespace Tally.Simulator.Model;

/// <summary>Device models, OS versions and places (locale, country, time zone) with rough market shares.</summary>
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

    /// <summary>
    /// Where users live: locale, country (ISO 3166-1 alpha-2, as the SDK sends it) and time zone as
    /// hours from UTC. Locale and country differ at times (English-language phones in India, Spanish
    /// in the US), so a country breakdown is not a locale breakdown under another name.
    /// </summary>
    public static readonly IReadOnlyList<((string Locale, string Country, int UtcOffsetHours) Place, double Weight)> Places =
    [
        (("en-US", "US", -5), 27), (("en-US", "US", -8), 11), (("es-US", "US", -6), 3), (("en-CA", "CA", -5), 4),
        (("en-GB", "GB", 0), 11), (("de-DE", "DE", 1), 9), (("de-AT", "AT", 1), 2), (("fr-FR", "FR", 1), 7),
        (("es-ES", "ES", 1), 4), (("es-MX", "MX", -6), 3), (("pt-BR", "BR", -3), 7), (("ja-JP", "JP", 9), 5),
        (("en-IN", "IN", 5), 4), (("hi-IN", "IN", 5), 3), (("en-AU", "AU", 10), 4),
    ];
}
