using Tally.Core.Events;

namespace Tally.Speed.Processing;

/// <summary>
/// A session that has started but not yet closed. <see cref="First"/> is the event it was
/// counted with (its hour is the session's bucket); <see cref="Min"/> and <see cref="Max"/> span
/// every event time seen, so out-of-order events still lengthen it.
/// </summary>
internal sealed class OpenSession(string key, bool isSdkSession, TallyEvent first)
{
    public string Key { get; } = key;

    /// <summary>Keyed by the SDK's session id, not by the inactivity gap.</summary>
    public bool IsSdkSession { get; } = isSdkSession;

    public TallyEvent First { get; } = first;

    public DateTimeOffset Min { get; set; } = first.EventTime;

    public DateTimeOffset Max { get; set; } = first.EventTime;

    /// <summary>
    /// What expiry counts from: the later of the last event time and the partition watermark when
    /// the last event arrived. A late-arriving session (an app that uploads hours later) thus stays
    /// open for a whole gap of log progress instead of closing at once.
    /// </summary>
    public DateTimeOffset Activity { get; set; } = first.EventTime;

    public TimeSpan Length => Max - Min;

    /// <summary>Whether it is in its processor's <see cref="SessionExpiryQueue"/> (open, not yet closed).</summary>
    public bool InExpiryQueue { get; set; }
}

/// <summary>Oldest activity first; the key breaks ties so that the order (and the state) is deterministic.</summary>
internal sealed class OpenSessionExpiryOrder : IComparer<OpenSession>
{
    public static readonly OpenSessionExpiryOrder Instance = new();

    public int Compare(OpenSession? x, OpenSession? y)
    {
        int byActivity = x!.Activity.UtcTicks.CompareTo(y!.Activity.UtcTicks);
        return byActivity != 0 ? byActivity : string.CompareOrdinal(x.Key, y.Key);
    }
}
