namespace Tally.Simulator.Driving;

/// <summary>What a simulation has done so far; thread-safe.</summary>
public sealed class SimulationCounters
{
    private long _sessions;
    private long _enqueued;
    private long _delivered;
    private long _dropped;

    public SimulationSnapshot Snapshot() => new(
        Interlocked.Read(ref _sessions), Interlocked.Read(ref _enqueued), Interlocked.Read(ref _delivered), Interlocked.Read(ref _dropped));

    internal void Add(long sessions, long enqueued, long delivered, long dropped)
    {
        Interlocked.Add(ref _sessions, sessions);
        Interlocked.Add(ref _enqueued, enqueued);
        Interlocked.Add(ref _delivered, delivered);
        Interlocked.Add(ref _dropped, dropped);
    }
}

/// <summary>
/// Counts at one moment. <paramref name="Delivered"/> are events the collector acknowledged
/// (durable); a resend after a lost answer counts again, the pipeline deduplicates it.
/// </summary>
public sealed record SimulationSnapshot(long Sessions, long Enqueued, long Delivered, long Dropped);
