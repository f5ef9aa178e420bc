using System.Net.Http.Headers;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Tally.Core.Apps;
using Tally.Core.DeadLetters;
using Tally.Core.Views;
using Tally.Log;
using Tally.Log.Embedded;
using Tally.Store.Sqlite;

namespace Tally.Query.Tests.Http;

/// <summary>
/// A real query API on Kestrel, loopback, free port, over a SQLite view store and an embedded log
/// in a data directory of its own, with a hand-set clock. One per test.
/// </summary>
public sealed class QueryServer : IAsyncDisposable
{
    public const string AdminToken = "admin-token-for-tests-0123456789";

    private readonly WebApplication _app;
    private readonly EmbeddedEventLog _log;
    private readonly string _directory;

    private QueryServer(WebApplication app, EmbeddedEventLog log, string directory, ManualClock clock, Uri address)
    {
        _app = app;
        _log = log;
        _directory = directory;
        Clock = clock;
        Client = new HttpClient { BaseAddress = address };
    }

    internal ManualClock Clock { get; }

    public HttpClient Client { get; }

    public IViewStore Views => _app.Services.GetRequiredService<IViewStore>();

    public IEventLog Log => _log;

    public IServiceProvider Services => _app.Services;

    public static async Task<QueryServer> StartAsync()
    {
        string directory = Path.Combine(Path.GetTempPath(), "tally-query-" + Guid.NewGuid().ToString("N"));
        var database = SqliteDatabase.InDataDirectory(directory);
        await database.MigrateAsync();
        var log = await EmbeddedEventLog.OpenAsync(new EmbeddedLogOptions { Directory = Path.Combine(directory, "log") });
        var clock = new ManualClock(Cells.Now);

        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?> { ["Tally:Query:AdminToken"] = AdminToken });
        builder.Services.AddSingleton(database);
        builder.Services.AddSingleton<TimeProvider>(clock);
        builder.Services.AddSingleton<IAppRegistry, SqliteAppRegistry>();
        builder.Services.AddSingleton<IViewStore, SqliteViewStore>();
        builder.Services.AddSingleton<IDeadLetterStore, SqliteDeadLetterStore>();
        builder.Services.AddSingleton<IEventLog>(log);
        builder.AddTallyQuery();
        var app = builder.Build();
        app.MapTallyQuery();
        await app.StartAsync();
        var addresses = app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>();
        return new QueryServer(app, log, directory, clock, new Uri(addresses.Addresses.Single()));
    }

    public async Task<CreatedApp> CreateAppAsync() =>
        await _app.Services.GetRequiredService<IAppRegistry>().CreateAsync("test-" + Guid.NewGuid().ToString("N"));

    public async Task<HttpResponseMessage> GetAsync(string path, string? token)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        if (token is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }
        return await Client.SendAsync(request);
    }

    public async Task<HttpResponseMessage> SendAsync(HttpMethod method, string path, string? token, HttpContent? content = null)
    {
        using var request = new HttpRequestMessage(method, path) { Content = content };
        if (token is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }
        return await Client.SendAsync(request);
    }

    /// <summary>GETs <paramref name="path"/>, asserts 200 and returns the JSON body.</summary>
    public async Task<JsonElement> GetJsonAsync(string path, string token)
    {
        using var response = await GetAsync(path, token);
        string body = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"{(int)response.StatusCode}: {body}");
        return JsonDocument.Parse(body).RootElement.Clone();
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await _app.StopAsync();
        await _app.DisposeAsync();
        await _log.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_directory, recursive: true);
    }
}
