namespace Tally.Client.Upload;

/// <summary>
/// Exponential back-off with full jitter (AWS architecture blog, "Exponential Backoff and
/// Jitter"): attempt n waits a uniformly random time in [0, min(max, base·2ⁿ)], which spreads a
/// fleet of devices that failed together. A server's <c>Retry-After</c> is a floor.
/// </summary>
internal sealed class Backoff(TimeSpan baseDelay, TimeSpan maxDelay, Random random)
{
    /// <param name="failures">Consecutive failed attempts so far, at least 1.</param>
    /// <param name="retryAfter">The server's <c>Retry-After</c>, if it sent one.</param>
    public TimeSpan Next(int failures, TimeSpan? retryAfter)
    {
        // 2^30 × any sane base is beyond every cap; stop doubling there so the shift cannot overflow.
        double cap = Math.Min(maxDelay.Ticks, baseDelay.Ticks * Math.Pow(2, Math.Min(failures - 1, 30)));
        var jittered = TimeSpan.FromTicks((long)(random.NextDouble() * cap));
        return retryAfter is { } floor && floor > jittered ? floor : jittered;
    }
}
