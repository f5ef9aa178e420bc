using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Tally.Query.Dashboard;

namespace Tally.Query;

/// <summary>
/// Maps the web dashboard: plain HTML and JavaScript modules embedded in this assembly, reading
/// the query API with the bearer token the user pastes. The query role calls it after
/// <see cref="QueryHostingExtensions.MapTallyQuery"/>; an API-only deployment leaves it out.
/// </summary>
public static class DashboardHostingExtensions
{
    /// <summary>The prefix of the dashboard's scripts, styles and vendored plotly.js.</summary>
    public const string AssetPrefix = "/dashboard";

    /// <summary>Maps the dashboard's page at <c>/</c> and its files under <see cref="AssetPrefix"/>.</summary>
    public static IEndpointRouteBuilder MapTallyDashboard(this IEndpointRouteBuilder endpoints)
    {
        // Read and compressed on first request, so a process that never serves the page never pays for it.
        var assets = new Lazy<DashboardAssets>(DashboardAssets.Load);
        endpoints.MapGet("/", (HttpContext http) => DashboardEndpoints.Serve(http, assets.Value, DashboardAssets.IndexPath))
            .WithName("Dashboard").ExcludeFromDescription();
        endpoints.MapGet(AssetPrefix + "/{**path}", (HttpContext http, string? path) => DashboardEndpoints.Serve(http, assets.Value, path ?? ""))
            .WithName("DashboardAsset").ExcludeFromDescription();
        return endpoints;
    }
}
