using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Tally.Core.Apps;
using Tally.Query.Endpoints;
using Tally.Query.Http;
using Tally.Query.Merge;
using Tally.Query.Status;

namespace Tally.Query;

/// <summary>
/// Wires the query API into a host. The host registers the seams (<c>IViewStore</c>,
/// <c>IAppRegistry</c>, and <c>IEventLog</c> when the speed layer's lag should be measured) and
/// calls both methods.
/// </summary>
public static class QueryHostingExtensions
{
    /// <summary>The path of the OpenAPI document describing every query endpoint.</summary>
    public const string OpenApiPath = "/openapi/v1.json";

    /// <summary>Registers the query services, the OpenAPI document and <see cref="QueryOptions"/> from <c>Tally:Query</c>, validated at start-up.</summary>
    public static IHostApplicationBuilder AddTallyQuery(this IHostApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddOptions<QueryOptions>()
            .Bind(builder.Configuration.GetSection(QueryOptions.SectionName))
            .ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<QueryOptions>, QueryOptionsValidator>());
        services.TryAddSingleton(TimeProvider.System);
        services.AddHealthChecks();
        services.TryAddSingleton<QueryAuthenticator>();
        services.TryAddSingleton<AccessFilter>();
        services.TryAddSingleton<AdminOnlyFilter>();
        services.TryAddSingleton<AppDeletion>();
        services.TryAddSingleton<SpeedFreshness>();
        services.TryAddSingleton<LayeredViewReader>();
        services.TryAddSingleton<ServingState>();
        services.TryAddSingleton<MetricSeriesQuery>();
        services.TryAddSingleton<RetentionQuery>();
        services.TryAddSingleton<LiveQuery>();
        services.TryAddSingleton<TopEventsQuery>();
        services.TryAddSingleton<StatusQuery>();
        services.ConfigureHttpJsonOptions(json => json.SerializerOptions.TypeInfoResolverChain.Insert(0, QueryJsonContext.Default));
        services.AddOpenApi();
        return builder;
    }

    /// <summary>Maps <c>/api/v1/…</c> (bearer-authenticated) and the OpenAPI document at <see cref="OpenApiPath"/>.</summary>
    public static IEndpointRouteBuilder MapTallyQuery(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapOpenApi();
        var api = endpoints.MapGroup("/api/v1").WithTags("Query").AddEndpointFilter<AccessFilter>();
        var app = api.MapGroup("/apps/{appId}");

        app.MapGet("/metrics/{metric}", QueryEndpoints.MetricAsync).WithName("GetMetric").ProducesQueryErrors(appRoute: true)
            .WithSummary("A metric's time series, batch and speed views merged.")
            .WithDescription("Buckets before the batch watermark come from batch views (exact), later ones from the speed layer "
                + "(approximate); a bucket spanning both is 'mixed'. Every point carries source, approximate and standardError.");
        app.MapGet("/retention", QueryEndpoints.RetentionAsync).WithName("GetRetention").ProducesQueryErrors(appRoute: true)
            .WithSummary("Cohort retention: each day's new users and how many were active N days later (batch views).");
        app.MapGet("/live", QueryEndpoints.LiveAsync).WithName("GetLive").ProducesQueryErrors(appRoute: true)
            .WithSummary("Active users in the last 5 and 30 minutes, and today's hours beside the same hours a week ago.");
        app.MapGet("/events", QueryEndpoints.EventsAsync).WithName("GetTopEvents").ProducesQueryErrors(appRoute: true)
            .WithSummary("The most frequent events with their counts and distinct users.");
        api.MapGet("/apps", QueryEndpoints.AppsAsync).WithName("ListApps").ProducesQueryErrors(appRoute: false)
            .WithSummary("The apps the token may read: its own app for a read key, every app for the admin token.");
        api.MapGet("/status", QueryEndpoints.StatusAsync).WithName("GetStatus").ProducesQueryErrors(appRoute: false)
            .WithSummary("Health checks, the speed layer's lag behind the log, the batch watermark and how stale live data is.");

        api.MapPost("/apps", AdminEndpoints.CreateAppAsync).WithName("CreateApp").AddEndpointFilter<AdminOnlyFilter>()
            .ProducesQueryErrors(appRoute: false).Produces<QueryError>(StatusCodes.Status400BadRequest).Produces<QueryError>(StatusCodes.Status403Forbidden)
            .WithSummary("Admin only: creates an app and answers its write and read keys (shown only once).");
        app.MapDelete("", AdminEndpoints.DeleteAppAsync).WithName("DeleteApp").AddEndpointFilter<AdminOnlyFilter>()
            .ProducesQueryErrors(appRoute: true)
            .WithSummary("Admin only: deletes the app, its keys, dead letters, views, first-seen rows and archived events.")
            .WithDescription("The log is not rewritten: its retention removes the app's last events. Running the deletion again finishes a failed one.");
        api.MapGet("/dead-letters", AdminEndpoints.DeadLettersAsync).WithName("ListDeadLetters").AddEndpointFilter<AdminOnlyFilter>()
            .ProducesQueryErrors(appRoute: false).Produces<QueryError>(StatusCodes.Status400BadRequest)
            .Produces<QueryError>(StatusCodes.Status403Forbidden).Produces<QueryError>(StatusCodes.Status404NotFound)
            .WithSummary("Admin only: an app's rejected events with their reasons, newest first.");
        return endpoints;
    }

    /// <summary>Documents the JSON errors every query endpoint may answer (and, with an app in the route, 400/403/404).</summary>
    private static RouteHandlerBuilder ProducesQueryErrors(this RouteHandlerBuilder builder, bool appRoute)
    {
        builder.Produces<QueryError>(StatusCodes.Status401Unauthorized);
        if (appRoute)
        {
            builder.Produces<QueryError>(StatusCodes.Status400BadRequest)
                .Produces<QueryError>(StatusCodes.Status403Forbidden)
                .Produces<QueryError>(StatusCodes.Status404NotFound);
        }
        return builder;
    }
}
