using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using Tally.Host.Ops.Alerting;

namespace Tally.Host.Ops;

/// <summary>The operations role: <c>/healthz</c> and <c>/metrics</c>. Every Tally process runs it.</summary>
internal static class OpsEndpoints
{
    public const string HealthPath = "/healthz";
    public const string MetricsPath = "/metrics";

    /// <summary>
    /// The health endpoint (the seams and roles add their checks with <c>AddHealthChecks().AddCheck…</c>),
    /// and Prometheus metrics of every <c>Tally.*</c> meter.
    /// </summary>
    public static IHostApplicationBuilder AddTallyOps(this IHostApplicationBuilder builder)
    {
        builder.Services.AddHealthChecks();
        builder.AddTallyAlerting();
        builder.Services.AddHostedService<OpsGauges>();

        builder.Services.AddOpenTelemetry()
            .ConfigureResource(resource => resource.AddService("tally"))
            .WithMetrics(metrics => metrics
                .AddMeter("Tally.*")

                // ASP.NET Core (since .NET 8) and the runtime (since .NET 9) publish these meters
                // themselves; listening to them needs no instrumentation package.
                .AddMeter("Microsoft.AspNetCore.Hosting", "Microsoft.AspNetCore.Server.Kestrel", "System.Runtime")
                .AddPrometheusExporter());
        return builder;
    }

    public static WebApplication MapTallyOps(this WebApplication app)
    {
        app.MapHealthChecks(HealthPath, new HealthCheckOptions { ResponseWriter = HealthResponseWriter.WriteAsync });
        app.MapPrometheusScrapingEndpoint(MetricsPath);
        return app;
    }
}
