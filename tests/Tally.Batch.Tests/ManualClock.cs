namespace Tally.Batch.Tests;

/// <summary>A wall clock the test sets by hand, so "closed day" decisions need no waiting.</summary>
internal sealed class ManualClock(DateTimeOffset now) : TimeProvider
{
    public DateTimeOffset Now { get; set; } = now;

    public override DateTimeOffset GetUtcNow() => Now;
}
