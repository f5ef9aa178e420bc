namespace Tally.Apps.Contract;

/// <summary>A clock the test moves by hand, so cache expiry is tested without sleeping.</summary>
public sealed class ManualTimeProvider : TimeProvider
{
    private long _timestamp;

    public override long GetTimestamp() => Interlocked.Read(ref _timestamp);

    public void Advance(TimeSpan by) =>
        Interlocked.Add(ref _timestamp, (long)(by.TotalSeconds * TimestampFrequency));
}
