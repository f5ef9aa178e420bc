namespace Tally.Simulator.Model;

/// <summary>What stays the same about one simulated device for the whole simulation.</summary>
/// <param name="Index">The device's number within its app, 0-based; names its storage directory.</param>
/// <param name="JoinDay">The day of the window the app was installed (0 = the first day).</param>
/// <param name="Model">Device model, e.g. <c>iPhone15,2</c>.</param>
/// <param name="Manufacturer">Device manufacturer.</param>
/// <param name="OsVersion">OS version.</param>
/// <param name="Locale">Locale, e.g. <c>en-GB</c>.</param>
/// <param name="Country">The country the device is in, ISO 3166-1 alpha-2, e.g. <c>GB</c>.</param>
/// <param name="UtcOffsetHours">The user's time zone, which shifts when in the UTC day they use the app.</param>
/// <param name="ClockSkew">How far the device clock is off; the SDK's sentAt lets the collector correct it.</param>
/// <param name="Engagement">How often the user comes back relative to the average (about 0.3 to 2).</param>
/// <param name="UpdateEagerness">0 to 1: how soon after a release the device updates (smaller: sooner).</param>
/// <param name="OfflineProneness">Chance that a day's sessions are uploaded only days later.</param>
/// <param name="UserId">Set for users who sign in (the SDK's Identify); null for anonymous ones.</param>
public sealed record DeviceTraits(
    int Index,
    int JoinDay,
    string Model,
    string Manufacturer,
    string OsVersion,
    string Locale,
    string Country,
    int UtcOffsetHours,
    TimeSpan ClockSkew,
    double Engagement,
    double UpdateEagerness,
    double OfflineProneness,
    string? UserId);
