namespace Tally.Speed.Processing;

/// <summary>What a <see cref="PartitionProcessor"/> did since the counters were last reset (for metrics).</summary>
public sealed class PartitionCounters
{
    public long Records { get; internal set; }

    /// <summary>Records that could not be decoded; skipped (the same way on every replay).</summary>
    public long RecordsSkipped { get; internal set; }

    public long Events { get; internal set; }

    public long Duplicates { get; internal set; }

    public long NewUsers { get; internal set; }

    public long SessionsStarted { get; internal set; }

    public long SessionsClosed { get; internal set; }

    /// <summary>Sessions closed early because the partition had <see cref="SpeedOptions.MaxOpenSessionsPerPartition"/> open.</summary>
    public long SessionsEvicted { get; internal set; }

    public void Reset()
    {
        Records = RecordsSkipped = Events = Duplicates = NewUsers = SessionsStarted = SessionsClosed = SessionsEvicted = 0;
    }
}
