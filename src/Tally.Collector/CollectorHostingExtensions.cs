using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Tally.Collector.Diagnostics;
using Tally.Collector.Http;
using Tally.Collector.Ingestion;
using Tally.Core.Events;

namespace Tally.Collector;

/// <summary>
/// Wires the collector into a host. The host registers the seams (<c>IEventLog</c>,
/// <c>IAppRegistry</c>, <c>IDeadLetterStore</c>) and calls both methods.
/// </summary>
public static class CollectorHostingExtensions
{
    private const string CorsPolicyName = "tally-collector";

    /// <summary>Registers the collector's services and binds <see cref="CollectorOptions"/> from <c>Tally:Collector</c>, validated at start-up.</summary>
    public static IHostApplicationBuilder AddTallyCollector(this IHostApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddOptions<CollectorOptions>()
            .Bind(builder.Configuration.GetSection(CollectorOptions.SectionName))
            .ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<CollectorOptions>, CollectorOptionsValidator>());
        services.TryAddSingleton(TimeProvider.System);
        services.AddMetrics();
        services.TryAddSingleton<CollectorMetrics>();
        services.TryAddSingleton<EventIngestor>();
        services.TryAddSingleton<AdmissionGate>();
        services.TryAddSingleton<CollectorRequestHandler>();
        // Server-wide: Kestrel reads headers before any endpoint is chosen. The body rate is set per collector request.
        services.AddOptions<KestrelServerOptions>().Configure<IOptions<CollectorOptions>>((kestrel, collector) =>
            kestrel.Limits.RequestHeadersTimeout = TimeSpan.FromSeconds(collector.Value.RequestHeadersTimeoutSeconds));
        services.ConfigureHttpJsonOptions(json => json.SerializerOptions.TypeInfoResolverChain.Insert(0, CollectorJsonContext.Default));

        var collector = builder.Configuration.GetSection(CollectorOptions.SectionName).Get<CollectorOptions>() ?? new CollectorOptions();
        services.AddRateLimiter(limiter => CollectorRateLimiting.Configure(limiter, collector.RateLimit));
        services.AddCors(cors => cors.AddPolicy(CorsPolicyName, policy => CollectorCors.Configure(policy, collector.Cors)));
        return builder;
    }

    /// <summary>
    /// Adds the middleware the collector's endpoints rely on: CORS (for browser SDKs) and the
    /// per-key and per-IP rate limiter. Call it before <see cref="MapTallyCollector"/>'s endpoints run.
    /// </summary>
    public static IApplicationBuilder UseTallyCollector(this IApplicationBuilder app)
    {
        app.UseCors();
        app.UseRateLimiter();
        return app;
    }

    /// <summary>
    /// Maps the Segment-compatible tracking API: <c>POST /v1/batch</c> (aliases <c>/v1/b</c>,
    /// <c>/v1/import</c>) and <c>POST /v1/track|screen|identify|page|group|alias</c>.
    /// </summary>
    public static IEndpointRouteBuilder MapTallyCollector(this IEndpointRouteBuilder endpoints)
    {
        var v1 = endpoints.MapGroup("/v1").WithTags("Collector").WithMetadata(CollectorEndpoint.Instance).RequireCors(CorsPolicyName);
        foreach (string path in (string[])["batch", "b", "import"])
        {
            v1.MapPost(path, static (HttpContext context, [FromServices] CollectorRequestHandler handler) =>
                handler.HandleAsync(context, singleType: null));
        }
        foreach (var type in Enum.GetValues<EventType>())
        {
            v1.MapPost(type.ToWireName(), (HttpContext context, [FromServices] CollectorRequestHandler handler) =>
                handler.HandleAsync(context, type));
        }
        return endpoints;
    }
}
