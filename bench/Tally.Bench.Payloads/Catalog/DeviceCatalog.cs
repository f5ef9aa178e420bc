namespace Tally.Bench.Payloads.Catalog;

/// <summary>A phone or tablet model as its SDK reports it, with the OS versions seen on it.</summary>
internal sealed record DeviceModel(
    string Manufacturer,
    string Model,
    string Type,
    string OsName,
    WeightedChoice<string> OsVersions,
    int ScreenWidth,
    int ScreenHeight,
    double ScreenDensity);

/// <summary>
/// Device models with a market-share-like skew: a few iPhones and Samsungs dominate, with a
/// long tail of Pixels, Xiaomis and others. Model strings are the raw identifiers SDKs send
/// (<c>iPhone15,2</c>, <c>SM-S918B</c>), not marketing names.
/// </summary>
internal static class DeviceCatalog
{
    private static readonly WeightedChoice<string> Ios = new(
        ("18.1", 30), ("17.6.1", 35), ("17.5.1", 15), ("16.7.10", 15), ("15.8.3", 5));

    private static readonly WeightedChoice<string> RecentAndroid = new(("15", 35), ("14", 45), ("13", 20));

    private static readonly WeightedChoice<string> OlderAndroid = new(("14", 25), ("13", 35), ("12", 25), ("11", 15));

    public static readonly WeightedChoice<DeviceModel> Models = new(
        (new DeviceModel("Apple", "iPhone16,2", "ios", "iOS", Ios, 1290, 2796, 3), 9),
        (new DeviceModel("Apple", "iPhone15,2", "ios", "iOS", Ios, 1179, 2556, 3), 11),
        (new DeviceModel("Apple", "iPhone14,5", "ios", "iOS", Ios, 1170, 2532, 3), 10),
        (new DeviceModel("Apple", "iPhone12,1", "ios", "iOS", Ios, 828, 1792, 2), 5),
        (new DeviceModel("Apple", "iPad13,18", "ios", "iOS", Ios, 1640, 2360, 2), 3),
        (new DeviceModel("samsung", "SM-S918B", "android", "Android", RecentAndroid, 1440, 3088, 3.5), 8),
        (new DeviceModel("samsung", "SM-A546B", "android", "Android", RecentAndroid, 1080, 2340, 2.625), 10),
        (new DeviceModel("samsung", "SM-A135F", "android", "Android", OlderAndroid, 1080, 2408, 2.625), 6),
        (new DeviceModel("Google", "Pixel 8", "android", "Android", RecentAndroid, 1080, 2400, 2.625), 5),
        (new DeviceModel("Google", "Pixel 7a", "android", "Android", RecentAndroid, 1080, 2400, 2.625), 4),
        (new DeviceModel("Xiaomi", "2201117TG", "android", "Android", OlderAndroid, 1080, 2400, 2.75), 8),
        (new DeviceModel("Xiaomi", "23049PCD8G", "android", "Android", RecentAndroid, 1080, 2400, 2.75), 6),
        (new DeviceModel("OnePlus", "CPH2449", "android", "Android", RecentAndroid, 1240, 2772, 3), 3),
        (new DeviceModel("motorola", "moto g54 5G", "android", "Android", OlderAndroid, 1080, 2400, 2.5), 4),
        (new DeviceModel("OPPO", "CPH2505", "android", "Android", OlderAndroid, 720, 1612, 2), 3));
}
