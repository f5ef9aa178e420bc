using System.IO.Compression;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Tally.Load.Tests.Http;

/// <summary>
/// A minimal stand-in for the collector on a free loopback port: checks what the load tool
/// sends like the real one would, throttles the first request with <c>Retry-After</c>, and
/// counts the events it acknowledged.
/// </summary>
internal sealed class FakeCollector : IAsyncDisposable
{
    private readonly WebApplication _app;
    private long _requests;
    private long _acceptedEvents;

    private FakeCollector(WebApplication app) => _app = app;

    public Uri Url { get; private set; } = null!;

    public long AcceptedEvents => Interlocked.Read(ref _acceptedEvents);

    public List<string> Problems { get; } = [];

    public HashSet<string> WriteKeysSeen { get; } = [];

    public static async Task<FakeCollector> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var collector = new FakeCollector(app);
        app.MapPost("/v1/batch", collector.HandleAsync);
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.Single();
        collector.Url = new Uri(address);
        return collector;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    private async Task<IResult> HandleAsync(HttpRequest request)
    {
        if (Interlocked.Increment(ref _requests) == 1)
        {
            request.HttpContext.Response.Headers.RetryAfter = "1";
            return Results.StatusCode(StatusCodes.Status429TooManyRequests);
        }

        RecordWriteKey(request.Headers.Authorization.ToString());
        if (request.Headers.ContentEncoding.ToString() != "gzip")
        {
            Problem("body not marked gzip");
        }

        await using var body = new GZipStream(request.Body, CompressionMode.Decompress);
        using var document = await JsonDocument.ParseAsync(body, cancellationToken: request.HttpContext.RequestAborted);
        var events = document.RootElement.GetProperty("batch").GetArrayLength();
        Interlocked.Add(ref _acceptedEvents, events);
        return Results.Json(new { success = true });
    }

    private void RecordWriteKey(string authorization)
    {
        var header = AuthenticationHeaderValue.Parse(authorization);
        var credentials = Encoding.UTF8.GetString(Convert.FromBase64String(header.Parameter!));
        if (header.Scheme != "Basic" || !credentials.EndsWith(':'))
        {
            Problem($"not a Basic write key with empty password: {authorization}");
        }

        lock (WriteKeysSeen)
        {
            WriteKeysSeen.Add(credentials.TrimEnd(':'));
        }
    }

    private void Problem(string problem)
    {
        lock (Problems)
        {
            Problems.Add(problem);
        }
    }
}
