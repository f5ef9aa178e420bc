namespace Tally.Core.Events;

/// <summary>The Segment event types Tally accepts.</summary>
public enum EventType : byte
{
    Track = 1,
    Screen = 2,
    Identify = 3,
    Page = 4,
    Group = 5,
    Alias = 6,
}

public static class EventTypes
{
    /// <summary>Parses the Segment <c>type</c> field (case-sensitive, as the spec writes it).</summary>
    public static bool TryParse(ReadOnlySpan<byte> utf8, out EventType type)
    {
        type = utf8 switch
        {
            _ when utf8.SequenceEqual("track"u8) => EventType.Track,
            _ when utf8.SequenceEqual("screen"u8) => EventType.Screen,
            _ when utf8.SequenceEqual("identify"u8) => EventType.Identify,
            _ when utf8.SequenceEqual("page"u8) => EventType.Page,
            _ when utf8.SequenceEqual("group"u8) => EventType.Group,
            _ when utf8.SequenceEqual("alias"u8) => EventType.Alias,
            _ => 0,
        };
        return type != 0;
    }

    public static string ToWireName(this EventType type) => type switch
    {
        EventType.Track => "track",
        EventType.Screen => "screen",
        EventType.Identify => "identify",
        EventType.Page => "page",
        EventType.Group => "group",
        EventType.Alias => "alias",
        _ => throw new ArgumentOutOfRangeException(nameof(type), type, "Unknown event type."),
    };
}
