namespace Tally.Load.Freshness;

/// <summary>Time between the ends of successive polls: how finely the polls can date a probe's appearance.</summary>
internal sealed class PollCycles
{
    private TimeSpan? _last;
    private TimeSpan _total;
    private int _count;

    public TimeSpan Mean => _count == 0 ? TimeSpan.Zero : _total / _count;

    public TimeSpan Max { get; private set; }

    /// <summary>A poll ended at <paramref name="at"/>. Called by the one poller only.</summary>
    public void Completed(TimeSpan at)
    {
        if (_last is { } last)
        {
            var cycle = at - last;
            _total += cycle;
            _count++;
            Max = cycle > Max ? cycle : Max;
        }
        _last = at;
    }
}
