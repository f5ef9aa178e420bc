using Tally.Host.Configuration;
using GenericHost = Microsoft.Extensions.Hosting.Host; // not the Tally.Host namespace

namespace Tally.Host.Cli;

/// <summary>
/// The seams a one-shot command uses (<c>tally apps</c>, <c>tally batch run</c>), registered by the
/// same code as in the server and from the same configuration, so a command talks to the engines
/// the servers use. Starting migrates the view store; disposing closes everything.
/// </summary>
internal sealed class CommandStores : IAsyncDisposable
{
    private readonly IHost _host;

    private CommandStores(IHost host) => _host = host;

    public IServiceProvider Services => _host.Services;

    /// <param name="addSeams">Registers the seams the command needs, e.g. <c>AddViewSeam</c>.</param>
    /// <exception cref="TallyConfigurationException">A setting is missing or invalid.</exception>
    public static async Task<CommandStores> StartAsync(
        IConfiguration configuration, Func<IHostApplicationBuilder, TallyOptions, IHostApplicationBuilder> addSeams, CancellationToken cancellationToken)
    {
        var options = TallyConfiguration.ReadOptions(configuration);
        var settings = new ConfigurationManager();
        settings.AddConfiguration(configuration);

        // Empty: no console logging (the command prints its own output), no appsettings.json read twice.
        var builder = GenericHost.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings { Configuration = settings });
        addSeams(builder, options);
        var stores = new CommandStores(builder.Build());
        var started = false;
        try
        {
            await stores._host.StartAsync(cancellationToken);
            started = true;
            return stores;
        }
        finally
        {
            if (!started)
            {
                await stores.DisposeAsync();
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _host.StopAsync();
        if (_host is IAsyncDisposable asyncDisposable)
        {
            await asyncDisposable.DisposeAsync();
        }
        else
        {
            _host.Dispose();
        }
    }
}
