using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Tally.Core.Apps;
using Tally.Core.Views;
using Tally.Log;
using Tally.Log.Embedded;
using Tally.Query;
using Tally.Store.Sqlite;

namespace Tally.Dashboard.Tests;

/// <summary>
/// The query role as <c>tally up</c> composes it (API and dashboard) on Kestrel, loopback, free port,
/// over a SQLite view store and an embedded log in a data directory of its own, with a hand-set clock.
/// One per test.
/// </summary>
public sealed class DashboardServer : IAsyncDisposable
{
    public const string AdminToken = "admin-token-for-dashboard-tests-0123456789";

    private readonly WebApplication _app;
    private readonly EmbeddedEventLog _log;
    private readonly string _directory;

    private DashboardServer(WebApplication app, EmbeddedEventLog log, string directory, ManualClock clock, Uri address)
    {
        _app = app;
        _log = log;
        _directory = directory;
        Clock = clock;
        Address = address;
    }

    internal ManualClock Clock { get; }

    public Uri Address { get; }

    public IViewStore Views => _app.Services.GetRequiredService<IViewStore>();

    public IEventLog Log => _log;

    public static async Task<DashboardServer> StartAsync()
    {
        string directory = Path.Combine(Path.GetTempPath(), "tally-dashboard-" + Guid.NewGuid().ToString("N"));
        var database = SqliteDatabase.InDataDirectory(directory);
        await database.MigrateAsync();
        var log = await EmbeddedEventLog.OpenAsync(new EmbeddedLogOptions { Directory = Path.Combine(directory, "log") });
        var clock = new ManualClock(Seed.Now);

        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?> { ["Tally:Query:AdminToken"] = AdminToken });
        builder.Services.AddSingleton(database);
        builder.Services.AddSingleton<TimeProvider>(clock);
        builder.Services.AddSingleton<IAppRegistry, SqliteAppRegistry>();
        builder.Services.AddSingleton<IViewStore, SqliteViewStore>();
        builder.Services.AddSingleton<IEventLog>(log);
        builder.AddTallyQuery();
        var app = builder.Build();
        app.MapTallyQuery();
        app.MapTallyDashboard();
        await app.StartAsync();
        var addresses = app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>();
        return new DashboardServer(app, log, directory, clock, new Uri(addresses.Addresses.Single()));
    }

    public async Task<CreatedApp> CreateAppAsync(string name) =>
        await _app.Services.GetRequiredService<IAppRegistry>().CreateAsync(name + "-" + Guid.NewGuid().ToString("N")[..8]);

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
        await _log.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_directory, recursive: true);
    }
}
