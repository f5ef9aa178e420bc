namespace Tally.Core.Events;

/// <summary>
/// The parts of Segment's <c>context</c> object that Tally keeps: what the metrics break
/// down by (app, device, OS, country) and what sessions are built from.
/// </summary>
public sealed record EventContext
{
    public static readonly EventContext Empty = new();

    public string? AppName { get; init; }
    public string? AppVersion { get; init; }
    public string? AppBuild { get; init; }
    public string? AppNamespace { get; init; }

    public string? DeviceId { get; init; }
    public string? DeviceManufacturer { get; init; }
    public string? DeviceModel { get; init; }
    public string? DeviceType { get; init; }

    public string? OsName { get; init; }
    public string? OsVersion { get; init; }

    public string? Locale { get; init; }
    public string? Timezone { get; init; }

    public string? LibraryName { get; init; }
    public string? LibraryVersion { get; init; }

    public string? Country { get; init; }
    public string? City { get; init; }
    public double? Latitude { get; init; }
    public double? Longitude { get; init; }

    /// <summary>The SDK's session id (<c>context.sessionId</c>); absent for SDKs that do not send one.</summary>
    public string? SessionId { get; init; }

    public string? Ip { get; init; }
}
