using Microsoft.AspNetCore.Cors.Infrastructure;

namespace Tally.Collector.Http;

/// <summary>The CORS policy of the tracking API, from <see cref="CollectorCorsOptions"/>.</summary>
internal static class CollectorCors
{
    // A browser caches the preflight answer this long instead of asking before every upload.
    private static readonly TimeSpan PreflightMaxAge = TimeSpan.FromHours(1);

    public static void Configure(CorsPolicyBuilder policy, CollectorCorsOptions options)
    {
        // No credentials (cookies) are ever needed: the write key travels in the header or body.
        policy.WithMethods("POST")
            .WithHeaders("Authorization", "Content-Type", "Content-Encoding")
            .WithExposedHeaders("Retry-After")
            .SetPreflightMaxAge(PreflightMaxAge);
        if (options.AllowedOrigins.Contains("*"))
        {
            policy.AllowAnyOrigin();
        }
        else
        {
            // An empty list allows no origin: the policy then adds no CORS headers at all.
            policy.WithOrigins([.. options.AllowedOrigins]);
        }
    }
}
