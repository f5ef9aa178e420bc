using Tally.Bench.Payloads.Catalog;

namespace Tally.Bench.Payloads;

/// <summary>
/// One installed copy of an app on one phone: what its SDK would put in every event's
/// context, plus the running state (clock, session, signed-in user) that makes its event
/// stream look like a real one.
/// </summary>
internal sealed class SimulatedDevice
{
    public required int AppIndex { get; init; }
    public required AppProfile App { get; init; }
    public required AppRelease Release { get; init; }
    public required DeviceModel Model { get; init; }
    public required string OsVersion { get; init; }
    public required DeviceLocale Locale { get; init; }
    /// <summary>What the OS offers as a device id: an IDFV (a GUID) on iOS, a 16-hex-digit Android ID on Android.</summary>
    public required string DeviceId { get; init; }
    public required Guid AnonymousId { get; init; }
    public required bool OnWifi { get; set; }

    /// <summary>Set by an identify event when the user signs in; null while anonymous.</summary>
    public string? UserId { get; set; }

    /// <summary>The device clock: the timestamp of the next event.</summary>
    public required DateTime Clock { get; set; }

    /// <summary>The SDK's session id: the session's start in Unix milliseconds, as mobile SDKs commonly do.</summary>
    public string SessionId { get; set; } = "";

    /// <summary>Events left before the app goes to background; zero means a new session starts next.</summary>
    public int EventsLeftInSession { get; set; }

    public bool Installed { get; set; }

    public string CurrentScreen { get; set; } = "";
}
