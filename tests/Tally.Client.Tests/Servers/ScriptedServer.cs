using System.Collections.Concurrent;
using System.IO.Compression;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Tally.Client.Tests.Servers;

/// <summary>One batch as the scripted server received it, and the status it answered.</summary>
public sealed record ReceivedBatch(IReadOnlyList<JsonElement> Events, string? SentAt, string? Authorization, int Status)
{
    public IEnumerable<string> MessageIds => Events.Select(e => e.GetProperty("messageId").GetString()!);

    public IEnumerable<string> Names => Events.Select(e => e.TryGetProperty("event", out var n) ? n.GetString()! : e.GetProperty("type").GetString()!);
}

/// <summary>
/// A real Kestrel endpoint for <c>POST /v1/batch</c> whose answers a test scripts: it decodes
/// each gzip batch, records it, and asks the script which status (and Retry-After) to answer.
/// </summary>
public sealed class ScriptedServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentQueue<ReceivedBatch> _received = new();

    /// <summary>Decides the answer to the n-th request (0-based) carrying this batch; may wait (to hold a request open).</summary>
    public delegate Task<(int Status, string? RetryAfter)> Script(int request, IReadOnlyList<JsonElement> events);

    private ScriptedServer(WebApplication app, Uri address)
    {
        _app = app;
        Address = address;
    }

    public Uri Address { get; }

    public IReadOnlyList<ReceivedBatch> Received => [.. _received];

    /// <summary>Batches answered with 2xx.</summary>
    public IEnumerable<ReceivedBatch> Accepted => Received.Where(b => b.Status is >= 200 and < 300);

    public static async Task<ScriptedServer> StartAsync(Script script)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        ScriptedServer? server = null;
        int requests = -1;
        app.MapPost("/v1/batch", async (HttpContext context) =>
        {
            using var gzip = new GZipStream(context.Request.Body, CompressionMode.Decompress);
            using var document = await JsonDocument.ParseAsync(gzip);
            var events = document.RootElement.GetProperty("batch").EnumerateArray().Select(e => e.Clone()).ToList();
            string? sentAt = document.RootElement.TryGetProperty("sentAt", out var s) ? s.GetString() : null;
            var (status, retryAfter) = await script(Interlocked.Increment(ref requests), events);
            server!._received.Enqueue(new ReceivedBatch(events, sentAt, context.Request.Headers.Authorization, status));
            if (retryAfter is not null)
            {
                context.Response.Headers.RetryAfter = retryAfter;
            }
            return Results.Json(new { success = status < 300 }, statusCode: status);
        });
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.Single();
        server = new ScriptedServer(app, new Uri(address));
        return server;
    }

    public static Task<(int, string?)> Answer(int status, string? retryAfter = null) => Task.FromResult((status, retryAfter));

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
