using Microsoft.AspNetCore.Http;
using Microsoft.Net.Http.Headers;

namespace Tally.Query.Dashboard;

/// <summary>Serves the dashboard's files with the headers that keep it safe and cheap to revalidate.</summary>
internal static class DashboardEndpoints
{
    /// <summary>
    /// Scripts only from this origin (the page has no inline script). Styles also allow inline ones
    /// because plotly.js writes its own style rules and attributes while drawing.
    /// </summary>
    public const string ContentSecurityPolicy =
        "default-src 'none'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; "
        + "connect-src 'self'; font-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

    public static IResult Serve(HttpContext http, DashboardAssets assets, string path)
    {
        var asset = assets.Find(path);
        if (asset is null)
        {
            return TypedResults.NotFound();
        }
        var headers = http.Response.Headers;
        headers.ContentSecurityPolicy = ContentSecurityPolicy;
        headers.XContentTypeOptions = "nosniff";
        headers["Referrer-Policy"] = "no-referrer";
        // Always revalidate: an upgraded server must never run with yesterday's scripts; the ETag makes it a 304.
        headers.CacheControl = "no-cache";
        if (asset.Gzipped is null)
        {
            return TypedResults.Bytes(asset.Content, asset.ContentType, entityTag: asset.ETag);
        }
        headers.Vary = HeaderNames.AcceptEncoding;
        if (!AcceptsGzip(http.Request))
        {
            return TypedResults.Bytes(asset.Content, asset.ContentType, entityTag: asset.ETag);
        }
        headers.ContentEncoding = "gzip";
        return TypedResults.Bytes(asset.Gzipped, asset.ContentType, entityTag: asset.GzippedETag);
    }

    private static bool AcceptsGzip(HttpRequest request) =>
        request.GetTypedHeaders().AcceptEncoding.Any(e =>
            (e.Value.Equals("gzip", StringComparison.OrdinalIgnoreCase) || e.Value.Equals("*", StringComparison.Ordinal))
            && e.Quality is not 0);
}
