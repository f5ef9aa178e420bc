using System.Diagnostics;

namespace Tally.Load.Freshness;

/// <summary>
/// Spreads the background load's requests evenly at a target rate of events per second, shared
/// by all workers: each request reserves the next free slot and waits until it. Idle time earns
/// no credit, so a slow collector never receives a catch-up burst.
/// </summary>
internal sealed class RatePacer(double eventsPerSecond)
{
    private readonly Lock _gate = new();
    private readonly long _started = Stopwatch.GetTimestamp();
    private TimeSpan _nextSlot;

    /// <summary>Reserves a slot for <paramref name="events"/> events now; returns how long to wait for it.</summary>
    public TimeSpan Reserve(int events) => Reserve(events, Stopwatch.GetElapsedTime(_started));

    /// <summary>Reserves a slot for <paramref name="events"/> events; returns how long to wait from <paramref name="now"/> (time since the run started).</summary>
    public TimeSpan Reserve(int events, TimeSpan now)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(events);
        lock (_gate)
        {
            var slot = _nextSlot > now ? _nextSlot : now;
            _nextSlot = slot + TimeSpan.FromSeconds(events / eventsPerSecond);
            return slot - now;
        }
    }
}
