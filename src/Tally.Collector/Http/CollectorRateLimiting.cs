using System.Globalization;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.DependencyInjection;
using Tally.Collector.Diagnostics;

namespace Tally.Collector.Http;

/// <summary>
/// ASP.NET's rate limiter set up for the collector's endpoints only (marked with
/// <see cref="CollectorEndpoint"/>): a token bucket per write key chained with one per client IP.
/// Over either, the answer is 429 with <c>Retry-After</c> and a JSON reason, which the SDKs honour.
/// </summary>
internal static class CollectorRateLimiting
{
    // A fallback when the limiter cannot say when a token returns: a token bucket refills each second.
    private const int DefaultRetryAfterSeconds = 1;

    private const string RateLimitedCode = "rate_limited";

    public static void Configure(RateLimiterOptions limiter, CollectorRateLimitOptions options)
    {
        limiter.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
        limiter.GlobalLimiter = PartitionedRateLimiter.CreateChained(
            PartitionedRateLimiter.Create<HttpContext, string>(http =>
                PerSecond(http, WriteKeyOf(http), options.PerKeyPerSecond, options.PerKeyBurst)),
            PartitionedRateLimiter.Create<HttpContext, string>(http =>
                PerSecond(http, http.Connection.RemoteIpAddress?.ToString(), options.PerIpPerSecond, options.PerIpBurst)));
        limiter.OnRejected = static async (context, cancellationToken) =>
        {
            int retryAfter = context.Lease.TryGetMetadata(MetadataName.RetryAfter, out var wait)
                ? Math.Max(1, (int)Math.Ceiling(wait.TotalSeconds))
                : DefaultRetryAfterSeconds;
            var http = context.HttpContext;
            http.RequestServices.GetRequiredService<CollectorMetrics>().RequestAnswered(StatusCodes.Status429TooManyRequests, RateLimitedCode);
            http.Response.Headers.RetryAfter = retryAfter.ToString(CultureInfo.InvariantCulture);
            await http.Response.WriteAsJsonAsync(
                new ErrorResponse(false, RateLimitedCode, $"Too many requests; retry in {retryAfter} s."),
                CollectorJsonContext.Default.ErrorResponse, "application/json; charset=utf-8", cancellationToken);
        };
    }

    /// <summary>No limit for other roles' endpoints (query, /healthz, /metrics), for requests without the partition's key, or when the rate is 0.</summary>
    private static RateLimitPartition<string> PerSecond(HttpContext http, string? partitionKey, int perSecond, int burst)
    {
        if (perSecond == 0 || partitionKey is null || http.GetEndpoint()?.Metadata.GetMetadata<CollectorEndpoint>() is null)
        {
            return RateLimitPartition.GetNoLimiter("");
        }
        return RateLimitPartition.GetTokenBucketLimiter(partitionKey, _ => new TokenBucketRateLimiterOptions
        {
            TokenLimit = burst,
            TokensPerPeriod = perSecond,
            ReplenishmentPeriod = TimeSpan.FromSeconds(1),
            // No queue: a device should back off and retry, not hold a connection open here.
            QueueLimit = 0,
            AutoReplenishment = true,
        });
    }

    /// <summary>
    /// The Basic-auth write key. A key sent only in the body is not read here (that would buffer
    /// every body before limiting it): such requests are limited per IP only.
    /// </summary>
    private static string? WriteKeyOf(HttpContext http)
    {
        try
        {
            return WriteKeyHeader.Read(http.Request.Headers.Authorization);
        }
        catch (RequestRejectedException)
        {
            // Malformed credentials: the handler answers 401; the per-IP limit still applies.
            return null;
        }
    }
}

/// <summary>Endpoint metadata marking the collector's routes, so the shared rate limiter limits only them.</summary>
internal sealed class CollectorEndpoint
{
    public static CollectorEndpoint Instance { get; } = new();
}
