using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Tally.Bench.Payloads;

namespace Tally.Load.Sink;

/// <summary>
/// A reference endpoint, not a collector: <c>POST /v1/batch</c> on Kestrel that gunzips and
/// tokenizes the body exactly like the bare-decode baseline and answers
/// <c>{"success":true}</c>, with no auth, validation or durability. Loading it with
/// <c>tally-load http</c> measures the floor that HTTP adds to the bare decode on this
/// machine, so a collector's cost can be split into "HTTP + decode" and "its own work".
/// </summary>
internal static class SinkServer
{
    // The Segment limit on a request body; the load tool's bodies are ~5 KB.
    private const int MaxBodyBytes = 512 * 1024;

    public static async Task RunAsync(Uri listenUrl, CancellationToken cancellationToken)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        await using var app = builder.Build();
        app.Urls.Add(listenUrl.ToString());
        app.MapPost("/v1/batch", HandleAsync);
        await app.StartAsync(cancellationToken);
        await app.WaitForShutdownAsync(cancellationToken);
        // The run token has fired by now; a graceful stop must not be cut short by it.
        await app.StopAsync(CancellationToken.None);
    }

    private static async Task<IResult> HandleAsync(HttpRequest request)
    {
        if (request.ContentLength is not (> 0 and <= MaxBodyBytes) || request.Headers.ContentEncoding != "gzip")
        {
            return Results.BadRequest(new { success = false, reason = "expected a gzip body with a Content-Length" });
        }

        var gzip = new byte[request.ContentLength.Value];
        await request.Body.ReadExactlyAsync(gzip, request.HttpContext.RequestAborted);
        // One decoder per request: its buffer comes from, and goes back to, the shared array pool.
        using var decoder = new BareDecoder();
        decoder.GunzipAndTokenize(gzip);
        return Results.Json(new { success = true });
    }
}
