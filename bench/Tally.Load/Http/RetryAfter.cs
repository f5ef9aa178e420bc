using System.Net.Http.Headers;

namespace Tally.Load.Http;

/// <summary>How long a worker waits after a 429 or 503, as the collector asks through <c>Retry-After</c>.</summary>
internal static class RetryAfter
{
    // Used when the collector throttles without saying for how long.
    private static readonly TimeSpan Fallback = TimeSpan.FromSeconds(1);

    public static TimeSpan From(RetryConditionHeaderValue? header, DateTimeOffset now)
    {
        if (header?.Delta is { } delta)
        {
            return delta;
        }

        if (header?.Date is { } date)
        {
            var wait = date - now;
            return wait > TimeSpan.Zero ? wait : TimeSpan.Zero;
        }

        return Fallback;
    }
}
