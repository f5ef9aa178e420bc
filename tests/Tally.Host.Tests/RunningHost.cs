using Microsoft.AspNetCore.Builder;
using Tally.Host.Configuration;
using Tally.Host.Hosting;

namespace Tally.Host.Tests;

/// <summary>A Tally server on a free loopback port with its own data dir, stopped and cleaned up on dispose.</summary>
internal sealed class RunningHost : IAsyncDisposable
{
    private readonly TempDataDirectory _dataDir;

    private RunningHost(TempDataDirectory dataDir, WebApplication app)
    {
        _dataDir = dataDir;
        App = app;
        Client = new HttpClient { BaseAddress = new Uri(app.Urls.First()) };
    }

    public WebApplication App { get; }

    public HttpClient Client { get; }

    public string DataDirectory => _dataDir.Path;

    /// <param name="roles">The roles to run (<c>--roles</c>); every role by default.</param>
    public static async Task<RunningHost> StartAsync(string? roles = null)
    {
        var dataDir = new TempDataDirectory();
        var app = TallyHost.Build(new TallyOverrides(dataDir.Path, "http://127.0.0.1:0", Roles: roles));
        await app.StartAsync();
        return new RunningHost(dataDir, app);
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await App.StopAsync();
        await App.DisposeAsync();
        _dataDir.Dispose();
    }
}
