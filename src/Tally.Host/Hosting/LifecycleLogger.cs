using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Options;
using Tally.Host.Configuration;

namespace Tally.Host.Hosting;

/// <summary>Logs start (with the addresses actually bound) and shutdown under the host's EventIds.</summary>
internal sealed class LifecycleLogger(
    IHostApplicationLifetime lifetime,
    IServer server,
    IOptions<TallyOptions> options,
    ILogger<LifecycleLogger> logger) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        lifetime.ApplicationStarted.Register(() =>
            logger.Started(string.Join(' ', BoundAddresses(server)), options.Value.DataDirectoryFullPath));
        lifetime.ApplicationStopping.Register(logger.Stopping);
        lifetime.ApplicationStopped.Register(logger.Stopped);
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>The addresses the server listens on (with real ports when port 0 was asked for).</summary>
    private static IReadOnlyCollection<string> BoundAddresses(IServer server) =>
        server.Features.Get<IServerAddressesFeature>()?.Addresses.ToArray() ?? [];
}
