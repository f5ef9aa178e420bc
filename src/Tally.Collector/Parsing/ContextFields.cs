using Tally.Core.Events;

namespace Tally.Collector.Parsing;

/// <summary>Mutable scratch for the <c>context</c> fields while they are read; becomes an immutable <see cref="EventContext"/>.</summary>
internal struct ContextFields
{
    public string? AppName, AppVersion, AppBuild, AppNamespace;
    public string? DeviceId, DeviceManufacturer, DeviceModel, DeviceType;
    public string? OsName, OsVersion;
    public string? Locale, Timezone;
    public string? LibraryName, LibraryVersion;
    public string? Country, City;
    public double? Latitude, Longitude;
    public string? SessionId, Ip;

    public readonly EventContext ToContext() => new()
    {
        AppName = AppName,
        AppVersion = AppVersion,
        AppBuild = AppBuild,
        AppNamespace = AppNamespace,
        DeviceId = DeviceId,
        DeviceManufacturer = DeviceManufacturer,
        DeviceModel = DeviceModel,
        DeviceType = DeviceType,
        OsName = OsName,
        OsVersion = OsVersion,
        Locale = Locale,
        Timezone = Timezone,
        LibraryName = LibraryName,
        LibraryVersion = LibraryVersion,
        Country = Country,
        City = City,
        Latitude = Latitude,
        Longitude = Longitude,
        SessionId = SessionId,
        Ip = Ip,
    };
}
