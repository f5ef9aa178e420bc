namespace Tally.Core.Encoding;

/// <summary>The flag byte that follows each event's type in a log record.</summary>
internal static class EventFlags
{
    public const byte TimeClamped = 1;
    public const byte HasTimestamp = 2;
    public const byte HasSentAt = 4;
    public const byte HasLatitude = 8;
    public const byte HasLongitude = 16;

    // Format 2: the field is the previous event's and is not written again.
    public const byte SameAppId = 32;
    public const byte SameAnonymousId = 64;
    public const byte SameContext = 128;

    public const byte SameAsPrevious = SameAppId | SameAnonymousId | SameContext;
}
