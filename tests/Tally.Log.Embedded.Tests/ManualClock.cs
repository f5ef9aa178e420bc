namespace Tally.Log.Embedded.Tests;

/// <summary>A clock the test moves; timers still run on real time.</summary>
internal sealed class ManualClock(DateTimeOffset now) : TimeProvider
{
    public DateTimeOffset Now { get; set; } = now;

    public override DateTimeOffset GetUtcNow() => Now;
}
