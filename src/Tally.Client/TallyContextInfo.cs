using System.Globalization;
using System.Reflection;
using System.Runtime.InteropServices;

namespace Tally.Client;

/// <summary>
/// What every event's <c>context</c> says about the app, device, OS and locale. <see cref="Detect"/>
/// reads it from the process; a host (MAUI, Unity, a simulator) overrides what it knows better,
/// e.g. <c>TallyContextInfo.Detect() with { DeviceModel = "iPhone15,2" }</c>.
/// </summary>
public sealed record TallyContextInfo
{
    /// <summary><c>context.app.name</c>.</summary>
    public string? AppName { get; init; }

    /// <summary><c>context.app.version</c>.</summary>
    public string? AppVersion { get; init; }

    /// <summary><c>context.app.build</c>.</summary>
    public string? AppBuild { get; init; }

    /// <summary><c>context.device.id</c>; null means the install's anonymous id.</summary>
    public string? DeviceId { get; init; }

    /// <summary><c>context.device.model</c>.</summary>
    public string? DeviceModel { get; init; }

    /// <summary><c>context.device.manufacturer</c>.</summary>
    public string? DeviceManufacturer { get; init; }

    /// <summary><c>context.device.type</c>, e.g. <c>ios</c>, <c>android</c>, <c>desktop</c>.</summary>
    public string? DeviceType { get; init; }

    /// <summary><c>context.os.name</c>.</summary>
    public string? OsName { get; init; }

    /// <summary><c>context.os.version</c>.</summary>
    public string? OsVersion { get; init; }

    /// <summary><c>context.locale</c>, e.g. <c>en-GB</c>.</summary>
    public string? Locale { get; init; }

    /// <summary><c>context.timezone</c>, e.g. <c>Europe/London</c>.</summary>
    public string? Timezone { get; init; }

    /// <summary>
    /// <c>context.location.country</c>, the country the device is in, preferably as an ISO 3166-1
    /// alpha-2 code (e.g. <c>GB</c>): the dashboard's country breakdown shows it as sent. Null (the
    /// default, and what <see cref="Detect"/> leaves it at) sends no location; the SDK never guesses
    /// the country from the locale, which says what language the user reads, not where they are.
    /// </summary>
    public string? Country { get; init; }

    /// <summary>Reads app name and version from the entry assembly and OS, locale and time zone from the runtime.</summary>
    public static TallyContextInfo Detect()
    {
        var entry = Assembly.GetEntryAssembly()?.GetName();
        var (osName, deviceType) = DetectPlatform();
        return new TallyContextInfo
        {
            AppName = entry?.Name,
            AppVersion = entry?.Version?.ToString(3),
            AppBuild = entry?.Version?.Revision.ToString(CultureInfo.InvariantCulture),
            DeviceType = deviceType,
            OsName = osName,
            OsVersion = Environment.OSVersion.Version.ToString(),
            Locale = string.IsNullOrEmpty(CultureInfo.CurrentCulture.Name) ? null : CultureInfo.CurrentCulture.Name,
            Timezone = TimeZoneInfo.Local.Id,
        };
    }

    private static (string OsName, string DeviceType) DetectPlatform()
    {
#if NET5_0_OR_GREATER
        if (OperatingSystem.IsAndroid())
        {
            return ("Android", "android");
        }
        if (OperatingSystem.IsIOS())
        {
            return ("iOS", "ios");
        }
#endif
        if (RuntimeInformation.IsOSPlatform(OSPlatform.Windows))
        {
            return ("Windows", "desktop");
        }
        if (RuntimeInformation.IsOSPlatform(OSPlatform.OSX))
        {
            return ("macOS", "desktop");
        }
        return (RuntimeInformation.IsOSPlatform(OSPlatform.Linux) ? "Linux" : RuntimeInformation.OSDescription, "desktop");
    }
}
