using Tally.Core.Events;

namespace Tally.Core.Metrics;

/// <summary>
/// One thing a metric can count: an event, a session or a new user. The batch and speed
/// layers derive facts with the same rules and hand them to the same definitions.
/// </summary>
/// <param name="Event">The event itself; for a session its first event; for a new user the user's first event.</param>
/// <param name="Time">The bucket time: the event time (a session's start).</param>
/// <param name="Duration">A session's length (last − first event time); zero for other facts.</param>
public readonly record struct Fact(FactSource Source, TallyEvent Event, DateTimeOffset Time, TimeSpan Duration)
{
    public static Fact ForEvent(TallyEvent e) => new(FactSource.Event, e, e.EventTime, TimeSpan.Zero);

    public static Fact ForNewUser(TallyEvent first) => new(FactSource.NewUser, first, first.EventTime, TimeSpan.Zero);

    public static Fact ForSession(TallyEvent first, TimeSpan duration) => new(FactSource.Session, first, first.EventTime, duration);

    public string AppId => Event.AppId;

    public string User => Event.User;
}
