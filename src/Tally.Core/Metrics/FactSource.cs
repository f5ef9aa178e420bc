namespace Tally.Core.Metrics;

/// <summary>What a metric counts: raw events, or what the shared event semantics derive from them.</summary>
public enum FactSource
{
    /// <summary>Every event after duplicate removal, at its event time.</summary>
    Event,

    /// <summary>Every session (see <see cref="Sessions.SessionRule"/>), at its first event's time.</summary>
    Session,

    /// <summary>A user's first event ever, at its event time.</summary>
    NewUser,
}
