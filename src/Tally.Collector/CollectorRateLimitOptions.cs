namespace Tally.Collector;

/// <summary>Request rate limits of the collector, bound from <c>Tally:Collector:RateLimit</c>.</summary>
/// <remarks>
/// Both limits apply to every request: a device flood from one address cannot starve the other
/// apps, and one app's leaked write key cannot flood the log from many addresses. Token buckets
/// allow a burst (an SDK flushing its on-disk queue after a long offline spell) above the rate.
/// Both are off by default: a load test or <c>tally simulate</c> sends every device's traffic from
/// one address with few keys, and only the operator knows the traffic to expect (README, Security).
/// </remarks>
public sealed class CollectorRateLimitOptions
{
    /// <summary>Requests per second one write key (sent as the Basic user) may make; 0 turns the limit off.</summary>
    public int PerKeyPerSecond { get; set; }

    /// <summary>Requests one write key may make at once above its rate.</summary>
    public int PerKeyBurst { get; set; } = 1_000;

    /// <summary>
    /// Requests per second one client IP address may make; 0 turns the limit off. Mobile carriers
    /// put many devices behind one address: leave room for that.
    /// </summary>
    public int PerIpPerSecond { get; set; }

    /// <summary>Requests one IP address may make at once above its rate.</summary>
    public int PerIpBurst { get; set; } = 400;
}
