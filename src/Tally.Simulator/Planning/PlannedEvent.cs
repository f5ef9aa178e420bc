namespace Tally.Simulator.Planning;

public enum PlannedEventType
{
    /// <summary>A custom event (<c>Track</c>), crashes included.</summary>
    Track,

    /// <summary>A screen view (<c>Screen</c>).</summary>
    Screen,

    /// <summary>The user signed in (<c>Identify</c>); the name is the user id, the properties are traits.</summary>
    Identify,
}

/// <summary>One call a simulated app makes on the SDK, at <paramref name="Timestamp"/> in true (UTC) time.</summary>
public sealed record PlannedEvent(PlannedEventType Type, string Name, DateTimeOffset Timestamp, IReadOnlyDictionary<string, object?>? Properties);
