namespace Tally.Host.Cli;

/// <summary>The one HttpClient every simulated device shares: one connection per concurrent device at most.</summary>
internal static class SimulatorHttp
{
    public static HttpClient Create(int concurrency) => new(new SocketsHttpHandler
    {
        MaxConnectionsPerServer = concurrency,
        AutomaticDecompression = System.Net.DecompressionMethods.None,
    })
    {
        Timeout = TimeSpan.FromSeconds(30),
    };
}
