using Tally.Core.Events;

namespace Tally.Collector.Parsing;

/// <summary>Segment's batch-level <c>context</c>: a default for every event, field by field; the event's own value wins.</summary>
internal static class EventContextDefaults
{
    public static EventContext Merge(EventContext? own, EventContext defaults)
    {
        if (own is null)
        {
            return defaults;
        }
        return new EventContext
        {
            AppName = own.AppName ?? defaults.AppName,
            AppVersion = own.AppVersion ?? defaults.AppVersion,
            AppBuild = own.AppBuild ?? defaults.AppBuild,
            AppNamespace = own.AppNamespace ?? defaults.AppNamespace,
            DeviceId = own.DeviceId ?? defaults.DeviceId,
            DeviceManufacturer = own.DeviceManufacturer ?? defaults.DeviceManufacturer,
            DeviceModel = own.DeviceModel ?? defaults.DeviceModel,
            DeviceType = own.DeviceType ?? defaults.DeviceType,
            OsName = own.OsName ?? defaults.OsName,
            OsVersion = own.OsVersion ?? defaults.OsVersion,
            Locale = own.Locale ?? defaults.Locale,
            Timezone = own.Timezone ?? defaults.Timezone,
            LibraryName = own.LibraryName ?? defaults.LibraryName,
            LibraryVersion = own.LibraryVersion ?? defaults.LibraryVersion,
            Country = own.Country ?? defaults.Country,
            City = own.City ?? defaults.City,
            Latitude = own.Latitude ?? defaults.Latitude,
            Longitude = own.Longitude ?? defaults.Longitude,
            SessionId = own.SessionId ?? defaults.SessionId,
            Ip = own.Ip ?? defaults.Ip,
        };
    }
}
