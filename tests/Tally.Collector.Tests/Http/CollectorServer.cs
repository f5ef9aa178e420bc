using System.Net.Http.Headers;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Tally.Collector.Tests.Doubles;
using Tally.Core.Apps;
using Tally.Core.DeadLetters;
using Tally.Core.Encoding;
using Tally.Core.Events;
using Tally.Log;

namespace Tally.Collector.Tests.Http;

/// <summary>
/// A real collector on Kestrel, loopback, on a free port, on the real seams of
/// <see cref="CollectorSeams"/>. One per test, so tests share no state.
/// </summary>
public sealed class CollectorServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly CollectorSeams _seams;

    private CollectorServer(WebApplication app, CollectorSeams seams, Uri address)
    {
        _app = app;
        _seams = seams;
        Client = new HttpClient { BaseAddress = address };
    }

    public HttpClient Client { get; }

    public IServiceProvider Services => _app.Services;

    public FaultInjectingEventLog Faults => _seams.Log;

    /// <param name="services">Runs after the seams are registered, to replace one of them.</param>
    public static async Task<CollectorServer> StartAsync(
        IReadOnlyDictionary<string, string?>? settings = null, Action<IServiceCollection>? services = null)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        if (settings is not null)
        {
            builder.Configuration.AddInMemoryCollection(settings);
        }
        var seams = await CollectorSeams.CreateAsync();
        seams.Register(builder.Services);
        services?.Invoke(builder.Services);
        builder.AddTallyCollector();
        var app = builder.Build();
        app.UseTallyCollector();
        app.MapTallyCollector();
        try
        {
            await app.StartAsync();
        }
        catch
        {
            await app.DisposeAsync();
            await seams.DisposeAsync();
            throw;
        }
        var addresses = app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>();
        return new CollectorServer(app, seams, new Uri(addresses.Addresses.Single()));
    }

    public async Task<CreatedApp> CreateAppAsync() =>
        await Services.GetRequiredService<IAppRegistry>().CreateAsync("test-" + Guid.NewGuid().ToString("N"));

    public static AuthenticationHeaderValue Basic(string writeKey) =>
        new("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes(writeKey + ":")));

    public Task<HttpResponseMessage> PostAsync(string path, HttpContent content, string? writeKey)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = content };
        if (writeKey is not null)
        {
            request.Headers.Authorization = Basic(writeKey);
        }
        return Client.SendAsync(request);
    }

    /// <summary>Every event in the log, decoded, read through the log's own consumer API up to its current end.</summary>
    public async Task<List<TallyEvent>> ReadLogAsync()
    {
        var log = Services.GetRequiredService<IEventLog>();
        var ends = new long[log.PartitionCount];
        for (int p = 0; p < ends.Length; p++)
        {
            ends[p] = (await log.GetBoundsAsync(p)).End;
        }
        var positions = new long[log.PartitionCount];
        await using var consumer = log.Subscribe("test-" + Guid.NewGuid().ToString("N"));
        var events = new List<TallyEvent>();
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (!positions.SequenceEqual(ends))
        {
            Assert.True(DateTime.UtcNow < deadline, "The log did not return every committed record in time.");
            foreach (var record in await consumer.FetchAsync(1000, TimeSpan.FromMilliseconds(200)))
            {
                positions[record.Partition] = record.NextOffset;
                events.AddRange(EventBatchReader.Decode(record.Payload));
            }
        }
        return events;
    }

    public async Task<IReadOnlyList<DeadLetter>> DeadLettersAsync(string appId) =>
        await Services.GetRequiredService<IDeadLetterStore>().ListAsync(appId, 10_000);

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await _app.StopAsync();
        await _app.DisposeAsync();
        await _seams.DisposeAsync();
    }
}
