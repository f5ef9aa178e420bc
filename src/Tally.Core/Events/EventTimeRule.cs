namespace Tally.Core.Events;

/// <summary>
/// The event-time rule of ARCHITECTURE.md ("Event semantics"): correct the device's clock
/// skew with <c>sentAt</c>, and never trust a time far in the future.
/// </summary>
public static class EventTimeRule
{
    /// <summary>An event time further than this after <c>receivedAt</c> is clamped to <c>receivedAt</c>.</summary>
    public static readonly TimeSpan MaxFutureSkew = TimeSpan.FromHours(24);

    /// <summary>
    /// Event time = <c>receivedAt − (sentAt − timestamp)</c> when the client sent both, else
    /// <c>timestamp</c>, else <c>receivedAt</c>; clamped to <c>receivedAt</c> (and flagged)
    /// when more than <see cref="MaxFutureSkew"/> after it.
    /// </summary>
    public static (DateTimeOffset EventTime, bool Clamped) Resolve(
        DateTimeOffset? timestamp, DateTimeOffset? sentAt, DateTimeOffset receivedAt)
    {
        // Ticks arithmetic, because a wildly wrong device clock must not overflow DateTimeOffset.
        long received = receivedAt.UtcTicks;
        long ticks = (timestamp, sentAt) switch
        {
            ({ } ts, { } sent) => received - (sent.UtcTicks - ts.UtcTicks),
            ({ } ts, null) => ts.UtcTicks,
            _ => received,
        };
        if (ticks < DateTimeOffset.MinValue.UtcTicks || ticks - received > MaxFutureSkew.Ticks)
        {
            return (receivedAt.ToUniversalTime(), true);
        }
        return (new DateTimeOffset(ticks, TimeSpan.Zero), false);
    }
}
