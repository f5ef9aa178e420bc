namespace Tally.Simulator.Planning;

/// <summary>One foreground period of the app: the events in it, oldest first, and the version it ran.</summary>
public sealed record PlannedSession(string AppVersion, IReadOnlyList<PlannedEvent> Events)
{
    public DateTimeOffset Start => Events[0].Timestamp;

    public DateTimeOffset End => Events[^1].Timestamp;
}
