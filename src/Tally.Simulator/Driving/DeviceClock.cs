namespace Tally.Simulator.Driving;

/// <summary>
/// A simulated device's clock: the real time plus the device's skew, strictly increasing. The SDK
/// reads it for <c>sentAt</c> (so the collector sees, and corrects, the skew) and for sessions:
/// the simulator runs the SDK with a one-tick session timeout, and a strictly increasing clock
/// makes every return from the background start a new session, wherever the simulator says so.
/// </summary>
internal sealed class DeviceClock(TimeSpan skew) : TimeProvider
{
    /// <summary>One microsecond: more than the one-tick session timeout, far too little to move sentAt noticeably.</summary>
    private const long MinimumStepTicks = 10;

    private long _lastTicks;

    public override DateTimeOffset GetUtcNow()
    {
        long now = (System.GetUtcNow() + skew).UtcTicks;
        long last, next;
        do
        {
            last = Volatile.Read(ref _lastTicks);
            next = Math.Max(now, last + MinimumStepTicks);
        }
        while (Interlocked.CompareExchange(ref _lastTicks, next, last) != last);
        return new DateTimeOffset(next, TimeSpan.Zero);
    }
}
